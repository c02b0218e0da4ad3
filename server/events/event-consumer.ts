// A fleet-wide consumer of the Event table (the webhook fan-out, the alert
// evaluator): a cursor in a Setting row says which events it has handled;
// each pass reads the events after it (readNewEvents: gap-free on PostgreSQL),
// handles them and moves the cursor in the same transaction, so a process that
// dies half-way loses nothing and doubles nothing. Processes take turns
// (serializeOn the cursor's key).
import type { Provider } from '../db';
import type { WriteTx } from '../db/write-transaction';
import { readNewEvents, type EventCursor, type EventRow } from './read-new-events';

/** What one process keeps between passes: the cursor with its PostgreSQL hole state (the durable part is `after`). */
export interface ConsumerState {
  cursor: EventCursor | null;
}

/** The newest event id now: where a new cursor starts. */
export async function newestEventId(db: Pick<WriteTx, 'event'>): Promise<number> {
  const { _max } = await db.event.aggregate({ _max: { id: true } });
  return _max.id ?? 0;
}

/** Starts a consumer's cursor at the newest event if there is none yet. */
export async function ensureEventCursor(tx: WriteTx, key: string): Promise<void> {
  const row = await tx.setting.findUnique({ where: { key } });
  if (!row) await tx.setting.create({ data: { key, value: { after: await newestEventId(tx) } } });
}

/** The event id a consumer's cursor stands at (null: it has none yet). */
export async function eventCursorAt(db: Pick<WriteTx, 'setting'>, key: string): Promise<number | null> {
  const row = await db.setting.findUnique({ where: { key } });
  return row ? ((row.value as { after?: number }).after ?? 0) : null;
}

/**
 * Whether a pass could find anything: events past the durable cursor, or a
 * PostgreSQL hole this process is waiting on. A plain read before the pass's
 * write transaction, so an idle consumer (or one that just caught up) does not
 * take SQLite's write lock for nothing; an event committed right after it is
 * found by the next pass.
 */
export async function hasNewEvents(db: Pick<WriteTx, 'setting' | 'event'>, key: string, state: ConsumerState): Promise<boolean> {
  const after = await eventCursorAt(db, key);
  if (after === null) return false;
  if (state.cursor?.after === after && state.cursor.pending !== null) return true;
  return (await db.event.findFirst({ where: { id: { gt: after } }, select: { id: true } })) !== null;
}

export interface ConsumeOptions {
  tx: WriteTx;
  provider: Provider;
  key: string;
  state: ConsumerState;
  limit?: number;
}

/**
 * Inside the caller's writeTransaction (serialized on `key`): the new events
 * and a `commit()` that moves the durable cursor past them; null when there is
 * no cursor row or nothing new.
 */
export async function consumeNewEvents(options: ConsumeOptions): Promise<{ rows: EventRow[]; more: boolean; commit(): Promise<void> } | null> {
  const { tx, key, state } = options;
  const after = await eventCursorAt(tx, key);
  if (after === null) return null;
  // Another process moved the cursor since our last pass: our hole state is for another place.
  const cursor = state.cursor?.after === after ? state.cursor : { after, pending: null };
  const read = await readNewEvents({ db: tx, provider: options.provider, cursor, limit: options.limit });
  state.cursor = read.cursor;
  if (read.cursor.after === after) return null;
  return {
    rows: read.rows,
    more: read.more,
    commit: async () => {
      await tx.setting.update({ where: { key }, data: { value: { after: read.cursor.after } } });
    },
  };
}
