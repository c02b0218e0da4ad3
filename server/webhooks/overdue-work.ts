// Runs come first: a worker's webhook sender holds its work back while its
// worker has runs waiting, but never past a bound. This is the sender's one
// question while it holds back: has any webhook work waited that long?
import type { Db } from '../db';
import { eventCursorAt } from '../events/event-consumer';
import { deliveriesDueAt } from './claim-deliveries';
import { deliveryTargetsExist, WEBHOOK_CURSOR_KEY } from './fan-out-events';

/**
 * Whether some webhook work is due since `before` or earlier: an event not yet
 * turned into deliveries (the first one past the fleet's cursor is the oldest)
 * while an endpoint or alert rule exists, or a delivery due then (pending, or
 * an expired claim). Plain reads over indexed columns: no write lock taken.
 */
export async function webhookWorkDueSince(db: Db, before: Date): Promise<boolean> {
  if (await deliveriesDueAt(db, before)) return true;
  const after = await eventCursorAt(db, WEBHOOK_CURSOR_KEY);
  if (after === null) return false;
  const oldest = await db.event.findFirst({ where: { id: { gt: after } }, orderBy: { id: 'asc' }, select: { at: true } });
  return oldest !== null && oldest.at <= before && (await deliveryTargetsExist(db));
}
