import { sendAlertEmail, slackMessage } from '../alerts/channel-messages';
import type { Db } from '../db';
import type { ClaimedDelivery } from './claim-deliveries';
import { deliveryBody, type DeliveryBody } from './delivery-body';
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
  /** The email channel's SMTP server and sender. */
  smtpUrl?: string;
  smtpFrom?: string;
  /** Its body, built for the whole claimed batch at once (deliveryBodies; null: the event is gone); built here when absent. */
  body?: DeliveryBody | null;
}

/** Sends one claimed delivery and records the attempt (see finishDelivery for what follows). */
export async function sendDelivery(options: SendDeliveryOptions): ReturnType<typeof finishDelivery> {
  const { db, delivery } = options;
  const result = await attempt(options).catch(
    (err: unknown): PostResult => ({ statusCode: null, durationMs: 0, response: null, error: err instanceof Error ? err.message : String(err) }),
  );
  return finishDelivery({ db, delivery, result, retryBaseMs: options.retryBaseMs });
}

const gone = (eventId: number): PostResult => ({ statusCode: null, durationMs: 0, response: null, error: `event ${eventId} no longer exists (pruned)` });

async function attempt(options: SendDeliveryOptions): Promise<PostResult> {
  const { db, delivery } = options;
  if (delivery.endpointId === null) return channelAttempt(options, delivery.target ?? '');
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: delivery.endpointId }, select: { url: true, secret: true } });
  if (!endpoint) return { statusCode: null, durationMs: 0, response: null, error: 'the endpoint was removed' };
  const body = await bodyOf(options);
  if (!body) return gone(delivery.eventId);
  return postWebhook({
    url: endpoint.url,
    secret: plainSecret(endpoint.secret, options.secretKey, delivery.endpointId),
    webhookId: webhookIdOf(delivery.eventId),
    body: JSON.stringify(body),
    allowPrivate: options.allowPrivate,
    timeoutMs: options.timeoutMs,
  });
}

/** An alert rule's Slack (unsigned blocks) or email channel. */
async function channelAttempt(options: SendDeliveryOptions, target: string): Promise<PostResult> {
  const { delivery } = options;
  const body = await bodyOf(options);
  if (!body) return gone(delivery.eventId);
  if (delivery.channel === 'email') return sendAlertEmail({ smtpUrl: options.smtpUrl, from: options.smtpFrom, to: target, body, timeoutMs: options.timeoutMs });
  return postWebhook({
    url: target,
    secret: null,
    webhookId: webhookIdOf(delivery.eventId),
    body: JSON.stringify(slackMessage(body)),
    allowPrivate: options.allowPrivate,
    timeoutMs: options.timeoutMs,
  });
}

const bodyOf = (options: SendDeliveryOptions) =>
  options.body !== undefined ? options.body : deliveryBody({ db: options.db, eventId: options.delivery.eventId, publicUrl: options.publicUrl });
