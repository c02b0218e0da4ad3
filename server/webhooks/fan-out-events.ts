// The outbox step: the Event table is the outbox (every event is written in the
// transaction of the change it records). One fleet-wide cursor (a Setting row,
// server/events/event-consumer.ts) says which events have been turned into
// deliveries; this step reads the events after it, makes the delivery rows of
// the endpoints they match, and of the alert rules whose `alert.*` events they
// are (the rule's channel), and moves the cursor, all in one transaction.
import type { Db } from '../db';
import { providerOf } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { consumeNewEvents, ensureEventCursor, hasNewEvents, newestEventId, type ConsumerState } from '../events/event-consumer';
import type { EventRow } from '../events/read-new-events';
import { alertChannelDeliveries } from '../alerts/channel-deliveries';
import { typeMatchesAny } from './patterns';

export const WEBHOOK_CURSOR_KEY = 'webhooks.cursor';
export { newestEventId };

/** What one sender keeps between passes (see ConsumerState). */
export type FanOutState = ConsumerState;

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

/** Starts the fleet's cursor at the newest event if there is none yet (in the transaction that makes an endpoint or an alert rule). */
export const ensureWebhookCursor = (tx: WriteTx) => ensureEventCursor(tx, WEBHOOK_CURSOR_KEY);

/** One pass: returns how many deliveries it made and whether more events are waiting. */
export async function fanOutEvents(options: FanOutOptions): Promise<{ deliveries: number; more: boolean }> {
  const { db, state } = options;
  const provider = providerOf(db);
  // No endpoint and no alert rule to deliver to: no write transaction at all (the cursor may lag; an
  // endpoint only ever receives events after its sinceEventId, so the lag delivers nothing old).
  // Nor when no event came since the last pass (the sender asks several times a second).
  if (!(await deliveryTargetsExist(db)) || !(await hasNewEvents(db, WEBHOOK_CURSOR_KEY, state))) return { deliveries: 0, more: false };
  return writeTransaction(
    db,
    async (tx) => {
      const read = await consumeNewEvents({ tx, provider, key: WEBHOOK_CURSOR_KEY, state, limit: options.limit });
      if (!read) return { deliveries: 0, more: false };
      const endpoints = await tx.webhookEndpoint.findMany({
        where: { enabled: true },
        select: { id: true, events: true, taskKey: true, label: true, sinceEventId: true },
      });
      const labels = await taskLabels(tx, endpoints, read.rows);
      const data = read.rows.flatMap((event) =>
        endpoints.filter((e) => matches(e, event, labels)).map((e) => ({ endpointId: e.id, eventId: event.id, eventType: event.type, nextAttemptAt: event.at })),
      );
      // A rule's webhook channel adds its endpoint only when the endpoint's own patterns did not (one delivery per endpoint and event).
      const taken = new Set(data.map((d) => `${d.endpointId}:${d.eventId}`));
      const channels = (await alertChannelDeliveries(tx, read.rows)).filter((d) => d.endpointId === undefined || !taken.has(`${d.endpointId}:${d.eventId}`));
      const all = [...data, ...channels];
      if (all.length > 0) await tx.webhookDelivery.createMany({ data: all });
      await read.commit();
      return { deliveries: all.length, more: read.more };
    },
    { serializeOn: WEBHOOK_CURSOR_KEY },
  );
}

/** An enabled endpoint or alert rule: one round trip that stops at the first row. */
export async function deliveryTargetsExist(db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 AS "any" FROM "WebhookEndpoint" WHERE "enabled" = true
    UNION ALL
    SELECT 1 FROM "AlertRule" WHERE "enabled" = true
    LIMIT 1`;
  return rows.length > 0;
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
