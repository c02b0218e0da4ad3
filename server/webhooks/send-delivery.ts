import type { Db } from '../db';
import type { ClaimedDelivery } from './claim-deliveries';
import { deliveryBody } from './delivery-body';
import { plainSecret } from './endpoint-secret';
import { finishDelivery } from './finish-delivery';
import { webhookIdOf } from './list-deliveries';
import { postWebhook, type PostResult } from './post-webhook';

export interface SendDeliveryOptions {
  db: Db;
  delivery: ClaimedDelivery;
  secretKey: Buffer | null;
  allowPrivate: boolean;
  retryBaseMs: number;
  publicUrl?: string;
  timeoutMs?: number;
}

/** Sends one claimed delivery and records the attempt (see finishDelivery for what follows). */
export async function sendDelivery(options: SendDeliveryOptions): ReturnType<typeof finishDelivery> {
  const { db, delivery } = options;
  const result = await attempt(options).catch(
    (err: unknown): PostResult => ({ statusCode: null, durationMs: 0, response: null, error: err instanceof Error ? err.message : String(err) }),
  );
  return finishDelivery({ db, delivery, result, retryBaseMs: options.retryBaseMs });
}

async function attempt(options: SendDeliveryOptions): Promise<PostResult> {
  const { db, delivery } = options;
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: delivery.endpointId }, select: { url: true, secret: true } });
  if (!endpoint) return { statusCode: null, durationMs: 0, response: null, error: 'the endpoint was removed' };
  const body = await deliveryBody({ db, eventId: delivery.eventId, publicUrl: options.publicUrl });
  if (!body) return { statusCode: null, durationMs: 0, response: null, error: `event ${delivery.eventId} no longer exists (pruned)` };
  return postWebhook({
    url: endpoint.url,
    secret: plainSecret(endpoint.secret, options.secretKey, delivery.endpointId),
    webhookId: webhookIdOf(delivery.eventId),
    body: JSON.stringify(body),
    allowPrivate: options.allowPrivate,
    timeoutMs: options.timeoutMs,
  });
}
