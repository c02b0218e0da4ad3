import type { Db } from '../db';
import { providerOf } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';
import { ALERTS_CURSOR_KEY } from '../alerts/evaluate-events';
import { eventCursorAt, newestEventId } from '../events/event-consumer';
import { WEBHOOK_CURSOR_KEY } from '../webhooks/fan-out-events';
import { AdaptiveBatch, betweenBatches } from './adaptive-batch';
import { DEFAULT_PRUNE_BATCH, DEFAULT_PRUNE_BATCH_MS, type PruneHistoryOptions } from './prune-history';

export type PruneEventsOptions = Pick<PruneHistoryOptions, 'db' | 'retentionDays' | 'batchSize' | 'maxBatchMs' | 'between' | 'signal' | 'now'>;

export interface PruneEventsResult {
  events: number;
  /** Their webhook deliveries (their attempts go with them, by the foreign key). */
  deliveries: number;
  batches: number;
  cutoff: Date;
  /** The newest event id a prune may take: below every consumer's cursor and every delivery still to send. */
  bound: number;
}

/**
 * The consumers that read the Event table with a durable cursor: never prune an
 * event one of them has not read. A consumer with nothing to do does not read
 * (its cursor lags) and does not hold the prune back: an endpoint made later only
 * receives newer events (sinceEventId), and the first alert rule moves the alert
 * cursor to the newest event.
 */
const CURSORS: { key: string; active(db: Db): Promise<boolean> }[] = [
  {
    key: WEBHOOK_CURSOR_KEY,
    active: async (db) => (await db.webhookEndpoint.count({ where: { enabled: true } })) > 0 || (await db.alertRule.count({ where: { enabled: true } })) > 0,
  },
  {
    key: ALERTS_CURSOR_KEY,
    active: async (db) => (await db.alertRule.count({ where: { enabled: true } })) > 0 || (await db.alertIncident.count({ where: { openKey: { not: null } } })) > 0,
  },
];

/**
 * Deletes events older than EVENT_RETENTION_DAYS, with their deliveries, in
 * short adaptive batches (like pruneHistory). It never goes past a consumer's
 * cursor (the webhook fan-out, the alert evaluator: an event they have not read
 * yet stays, however old), nor past the oldest event a delivery is still
 * pending or being sent for.
 */
export async function pruneEvents(options: PruneEventsOptions): Promise<PruneEventsResult> {
  const { db } = options;
  if (!(options.retentionDays > 0)) throw new AppError('BAD_REQUEST', `retentionDays must be positive, got ${options.retentionDays}`);
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000);
  const result: PruneEventsResult = { events: 0, deliveries: 0, batches: 0, cutoff, bound: 0 };
  const cursors = (await Promise.all(CURSORS.map(async (c) => ((await c.active(db)) ? eventCursorAt(db, c.key) : null)))).filter((a): a is number => a !== null);
  const { _min } = await db.webhookDelivery.aggregate({ where: { status: { in: ['pending', 'delivering'] } }, _min: { eventId: true } });
  const bound = Math.min(...cursors, _min.eventId === null ? Infinity : _min.eventId - 1);
  // No bound: every old event may go (and no id filter: PostgreSQL's int column refuses a bigger number).
  result.bound = Number.isFinite(bound) ? bound : await newestEventId(db);
  const batch = new AdaptiveBatch(options.batchSize ?? DEFAULT_PRUNE_BATCH, options.maxBatchMs ?? DEFAULT_PRUNE_BATCH_MS);
  await batch.loop(async (take) => {
    const ids = (await db.event.findMany({ where: { id: { lte: result.bound }, at: { lt: cutoff } }, orderBy: { id: 'asc' }, take, select: { id: true } })).map((e) => e.id);
    if (ids.length === 0) return 0;
    // Deliveries first (they reference events without a foreign key); their attempts cascade.
    const counts = await writeTransaction(db, async (tx) => ({
      deliveries: (await tx.webhookDelivery.deleteMany({ where: { eventId: { in: ids } } })).count,
      events: (await tx.event.deleteMany({ where: { id: { in: ids } } })).count,
    }));
    Object.assign(result, { events: result.events + counts.events, deliveries: result.deliveries + counts.deliveries, batches: result.batches + 1 });
    return ids.length;
  }, { signal: options.signal, between: betweenBatches(providerOf(db), options.between) });
  return result;
}
