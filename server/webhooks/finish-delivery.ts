import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { recordEvent } from '../events/record-event';
import type { ClaimedDelivery } from './claim-deliveries';
import type { PostResult } from './post-webhook';
import { isRetryable, nextRetryDelayMs, parseRetryAfter, RETRY_WINDOW_MS } from './retry-schedule';

export interface FinishDeliveryOptions {
  db: Db;
  delivery: ClaimedDelivery;
  result: PostResult;
  retryBaseMs: number;
  now?: Date;
}

const WORKER_ACTOR = { type: 'system', name: 'webhooks' } as const;

/**
 * Records an attempt and what follows from it, guarded by the claim token (a
 * worker whose claim expired meanwhile records nothing): succeeded; failed for
 * good (a 4xx answer, or out of retries); or pending again after the backoff.
 * The endpoint's failing streak starts at its first failure and ends at a
 * success; 24 h of it disables the endpoint with a `webhook.disabled` event.
 */
export async function finishDelivery(options: FinishDeliveryOptions): Promise<'succeeded' | 'failed' | 'retry' | 'lost-claim'> {
  const { delivery, result } = options;
  const now = options.now ?? new Date();
  const ok = result.ok ?? (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300);
  const delay = ok || !isRetryable(result.statusCode)
    ? null
    : nextRetryDelayMs({
        attempts: delivery.attempts,
        baseMs: options.retryBaseMs,
        ageMs: now.getTime() - delivery.createdAt.getTime(),
        retryAfterMs: parseRetryAfter(result.retryAfter, now.getTime()),
      });
  const status = ok ? 'succeeded' : delay === null ? 'failed' : 'pending';
  const error = ok ? null : (result.error ?? `answered ${result.statusCode}`);
  return writeTransaction(options.db, async (tx) => {
    const updated = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, claimToken: delivery.claimToken, status: 'delivering' },
      data: {
        status,
        claimToken: null,
        claimExpiresAt: null,
        lastStatusCode: result.statusCode,
        lastError: error,
        ...(delay === null ? {} : { nextAttemptAt: new Date(now.getTime() + delay) }),
      },
    });
    if (updated.count === 0) return 'lost-claim';
    await tx.webhookAttempt.create({
      data: {
        deliveryId: delivery.id,
        at: now,
        outcome: ok ? 'succeeded' : 'failed',
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error,
        response: result.response,
      },
    });
    if (delivery.endpointId === null) return ok ? 'succeeded' : delay === null ? 'failed' : 'retry';
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: delivery.endpointId }, select: { url: true, enabled: true, failingSince: true } });
    if (endpoint && ok && endpoint.failingSince !== null) {
      await tx.webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { failingSince: null } });
    } else if (endpoint && !ok && endpoint.failingSince === null) {
      await tx.webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { failingSince: now } });
    } else if (endpoint && !ok && endpoint.enabled && now.getTime() - endpoint.failingSince!.getTime() >= RETRY_WINDOW_MS) {
      const reason = `every delivery has failed for 24 h (last: ${error})`;
      await tx.webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { enabled: false, disabledReason: reason } });
      await recordEvent({ db: tx, type: 'webhook.disabled', actor: WORKER_ACTOR, payload: { endpointId: delivery.endpointId, url: endpoint.url, reason } });
    }
    return ok ? 'succeeded' : delay === null ? 'failed' : 'retry';
  });
}
