// The outbox step: the Event table is the outbox (every event is written in the
// transaction of the change it records). One fleet-wide cursor (a Setting row)
// says which events have been turned into deliveries; this step reads the
// events after it, makes the delivery rows of the endpoints they match and
// moves the cursor, all in one transaction, so a process that dies half-way
// loses nothing and doubles nothing. Workers take turns (serializeOn), and the
// cursor follows the gap-free rule of the event stream (read-new-events.ts): on
// PostgreSQL it never steps over an id whose transaction may still commit.
import type { Db } from '../db';
import { providerOf } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { readNewEvents, type EventCursor, type EventRow } from '../events/read-new-events';
import { typeMatchesAny } from './patterns';

export const WEBHOOK_CURSOR_KEY = 'webhooks.cursor';

/** What one sender keeps between passes: the cursor with its PostgreSQL hole state (the durable part is `after`). */
export interface FanOutState {
  cursor: EventCursor | null;
}

export interface FanOutOptions {
  db: Db;
  state: FanOutState;
  /** Events per pass (default 500). */
  limit?: number;
}

interface EndpointFilter {
  id: string;
  events: unknown;
  taskKey: string | null;
  label: string | null;
  sinceEventId: number;
}

/** The newest event id now: where the cursor starts, and an endpoint's `sinceEventId`. */
export async function newestEventId(db: Pick<Db, 'event'>): Promise<number> {
  const { _max } = await db.event.aggregate({ _max: { id: true } });
  return _max.id ?? 0;
}

/** Starts the fleet's cursor at the newest event if there is none yet (in the transaction that makes an endpoint). */
export async function ensureWebhookCursor(tx: WriteTx): Promise<void> {
  const row = await tx.setting.findUnique({ where: { key: WEBHOOK_CURSOR_KEY } });
  if (!row) await tx.setting.create({ data: { key: WEBHOOK_CURSOR_KEY, value: { after: await newestEventId(tx) } } });
}

/** One pass: returns how many deliveries it made and whether more events are waiting. */
export async function fanOutEvents(options: FanOutOptions): Promise<{ deliveries: number; more: boolean }> {
  const { db, state } = options;
  const provider = providerOf(db);
  // No endpoint to deliver to: no write transaction at all (the cursor may lag; an endpoint
  // only ever receives events after its sinceEventId, so the lag delivers nothing old).
  if ((await db.webhookEndpoint.count({ where: { enabled: true } })) === 0) return { deliveries: 0, more: false };
  return writeTransaction(
    db,
    async (tx) => {
      const row = await tx.setting.findUnique({ where: { key: WEBHOOK_CURSOR_KEY } });
      if (!row) return { deliveries: 0, more: false };
      const after = (row.value as { after?: number }).after ?? 0;
      // Another worker moved the cursor since our last pass: our hole state is for another place.
      const cursor = state.cursor?.after === after ? state.cursor : { after, pending: null };
      const read = await readNewEvents({ db: tx, provider, cursor, limit: options.limit });
      state.cursor = read.cursor;
      if (read.cursor.after === after) return { deliveries: 0, more: false };
      const endpoints = await tx.webhookEndpoint.findMany({
        where: { enabled: true },
        select: { id: true, events: true, taskKey: true, label: true, sinceEventId: true },
      });
      const labels = await taskLabels(tx, endpoints, read.rows);
      const data = read.rows.flatMap((event) =>
        endpoints.filter((e) => matches(e, event, labels)).map((e) => ({ endpointId: e.id, eventId: event.id, eventType: event.type, nextAttemptAt: event.at })),
      );
      if (data.length > 0) await tx.webhookDelivery.createMany({ data });
      await tx.setting.update({ where: { key: WEBHOOK_CURSOR_KEY }, data: { value: { after: read.cursor.after } } });
      return { deliveries: data.length, more: read.more };
    },
    { serializeOn: WEBHOOK_CURSOR_KEY },
  );
}

function matches(endpoint: EndpointFilter, event: EventRow, labels: Map<string, string[]>): boolean {
  if (event.id <= endpoint.sinceEventId) return false;
  // A test event goes to the one endpoint it was sent to, and only there.
  if (event.type === 'webhook.test') return (event.payload as { endpointId?: unknown } | null)?.endpointId === endpoint.id;
  if (!typeMatchesAny(event.type, Array.isArray(endpoint.events) ? (endpoint.events as string[]) : [])) return false;
  if (endpoint.taskKey !== null && event.taskKey !== endpoint.taskKey) return false;
  if (endpoint.label !== null && !(event.taskKey !== null && labels.get(event.taskKey)?.includes(endpoint.label))) return false;
  return true;
}

/** The labels of the batch's tasks, read only when some endpoint filters by label. */
async function taskLabels(tx: WriteTx, endpoints: EndpointFilter[], events: EventRow[]): Promise<Map<string, string[]>> {
  const keys = [...new Set(events.map((e) => e.taskKey).filter((k): k is string => k !== null))];
  if (keys.length === 0 || !endpoints.some((e) => e.label !== null)) return new Map();
  const tasks = await tx.task.findMany({ where: { key: { in: keys } }, select: { key: true, labels: { select: { name: true } } } });
  return new Map(tasks.map((t) => [t.key, t.labels.map((l) => l.name)]));
}
