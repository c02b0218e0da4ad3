import type { Db } from '../db';
import { findEndpointOrThrow } from './find-endpoint';

export const DELIVERY_PAGE_MAX = 100;

export interface DeliveryAttemptView {
  at: Date;
  outcome: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  response: string | null;
}

export interface DeliveryView {
  id: number;
  eventId: number;
  eventType: string;
  /** The webhook-id header the receiver dedupes by. */
  webhookId: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  log: DeliveryAttemptView[];
}

/** The webhook-id of an event's deliveries: the same on every attempt and redelivery, so receivers can dedupe. */
export function webhookIdOf(eventId: number): string {
  return `evt_${eventId}`;
}

/** An endpoint's latest deliveries, newest first, each with its attempts (oldest first). */
export async function listDeliveries(options: { db: Db; endpointId: string; limit?: number }): Promise<DeliveryView[]> {
  await findEndpointOrThrow(options.db, options.endpointId);
  const rows = await options.db.webhookDelivery.findMany({
    where: { endpointId: options.endpointId },
    orderBy: { id: 'desc' },
    take: Math.min(options.limit ?? 20, DELIVERY_PAGE_MAX),
    include: { log: { orderBy: { id: 'asc' }, select: { at: true, outcome: true, statusCode: true, durationMs: true, error: true, response: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    webhookId: webhookIdOf(r.eventId),
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt : null,
    createdAt: r.createdAt,
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    log: r.log,
  }));
}
