// The event-trigger consumer (issue 13 item 6): reads the events recorded
// after a fleet-wide cursor (a Setting row, like the webhook fan-out), queues
// one run (trigger `event`) for each task whose `on:` matches, and moves the
// cursor, all in one write transaction. Exactly once per (task, event): the
// run's unique (taskId, eventId) makes a second worker's insert a no-op even
// if two passes read the same events, and the cursor follows the gap-free rule
// of the event stream (read-new-events.ts), so no event is skipped on PostgreSQL.
import type { Actor } from '../auth/actor';
import { providerOf, type Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { readNewEvents, type EventCursor } from '../events/read-new-events';
import { runPlanInTransaction } from '../queue/plan';
import { queueRunsPlan } from '../queue/queue-runs';
import { eventTriggeredTasks } from './event-triggered-tasks';
import { triggeredRequests, type StoppedChain } from './triggered-requests';

export const TRIGGER_CURSOR_KEY = 'triggers.cursor';

/** What one worker keeps between passes: the cursor with its PostgreSQL hole state. */
export interface TriggerState {
  cursor: EventCursor | null;
}

export interface QueueTriggeredRunsOptions {
  db: Db;
  state: TriggerState;
  actor: Actor;
  /** Events per pass (default 500). */
  limit?: number;
  now?: Date;
}

/** One pass: how many runs it queued, whether more events are waiting, and the chains it stopped (too deep: a loop). */
export async function queueTriggeredRuns(options: QueueTriggeredRunsOptions): Promise<{ queued: number; more: boolean; stopped: StoppedChain[] }> {
  const { db, state, actor } = options;
  const provider = providerOf(db);
  // Nothing listens (the common case): no write transaction, only keep the cursor up with the newest event.
  if ((await db.task.count({ where: { scheduleKind: 'event' } })) === 0) {
    await keepUp(db);
    return { queued: 0, more: false, stopped: [] };
  }
  return writeTransaction(
    db,
    async (tx) => {
      const tasks = await eventTriggeredTasks(tx, { active: true });
      const row = await tx.setting.findUnique({ where: { key: TRIGGER_CURSOR_KEY } });
      if (tasks.length === 0) {
        // Every listener is paused or stopped: what happens meanwhile does not start them later.
        await moveCursor(tx, row === null, await newestEventId(tx));
        return { queued: 0, more: false, stopped: [] };
      }
      const after = row ? ((row.value as { after?: number }).after ?? 0) : await startingPoint(tx);
      // Another worker moved the cursor since our last pass: our hole state is for another place.
      const cursor = state.cursor?.after === after ? state.cursor : { after, pending: null };
      const read = await readNewEvents({ db: tx, provider, cursor, limit: options.limit });
      state.cursor = read.cursor;
      if (read.cursor.after === after && row) return { queued: 0, more: false, stopped: [] };
      const { requests, stopped } = await triggeredRequests(tx, tasks, read.rows, actor);
      const runs = requests.length > 0 ? await runPlanInTransaction(tx, provider, queueRunsPlan(provider, actor, requests, options.now ?? new Date())) : [];
      await moveCursor(tx, row === null, read.cursor.after);
      return { queued: runs.length, more: read.more, stopped };
    },
    { serializeOn: TRIGGER_CURSOR_KEY },
  );
}

/** Keeps the cursor at the newest event, so a trigger saved later does not replay old ones. */
async function keepUp(db: Db): Promise<void> {
  const [row, newest] = await Promise.all([db.setting.findUnique({ where: { key: TRIGGER_CURSOR_KEY } }), newestEventId(db)]);
  if (row && ((row.value as { after?: number }).after ?? 0) >= newest) return;
  await db.setting.upsert({ where: { key: TRIGGER_CURSOR_KEY }, create: { key: TRIGGER_CURSOR_KEY, value: { after: newest } }, update: { value: { after: newest } } });
}

async function newestEventId(tx: Pick<WriteTx, 'event'>): Promise<number> {
  const { _max } = await tx.event.aggregate({ _max: { id: true } });
  return _max.id ?? 0;
}

/**
 * Where a fleet with no cursor yet starts: after the events recorded before
 * the oldest event-triggered task was last saved (a task triggers on what
 * happens after it was given its trigger, not on history).
 */
async function startingPoint(tx: WriteTx): Promise<number> {
  const oldest = await tx.task.findFirst({ where: { scheduleKind: 'event' }, orderBy: { updatedAt: 'asc' }, select: { updatedAt: true } });
  if (!oldest) return newestEventId(tx);
  const before = await tx.event.findFirst({ where: { at: { lt: oldest.updatedAt } }, orderBy: { id: 'desc' }, select: { id: true } });
  return before?.id ?? 0;
}

async function moveCursor(tx: WriteTx, create: boolean, after: number): Promise<void> {
  if (create) await tx.setting.create({ data: { key: TRIGGER_CURSOR_KEY, value: { after } } });
  else await tx.setting.update({ where: { key: TRIGGER_CURSOR_KEY }, data: { value: { after } } });
}
