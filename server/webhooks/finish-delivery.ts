import type { Db, Provider } from '../db';
import { providerOf } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { runPlan, sqlExecute, type Plan } from '../queue/plan';
import { ts } from '../queue/sql';
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
  if (ok) return (await runPlan(options.db, () => succeededPlan(providerOf(options.db), delivery, result, now))) ? 'succeeded' : 'lost-claim';
  const status = delay === null ? 'failed' : 'pending';
  const error = result.error ?? `answered ${result.statusCode}`;
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
        outcome: 'failed',
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error,
        response: result.response,
      },
    });
    if (delivery.endpointId === null) return delay === null ? 'failed' : 'retry';
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: delivery.endpointId }, select: { url: true, enabled: true, failingSince: true } });
    if (endpoint && endpoint.failingSince === null) {
      await tx.webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { failingSince: now } });
    } else if (endpoint && endpoint.enabled && now.getTime() - endpoint.failingSince!.getTime() >= RETRY_WINDOW_MS) {
      const reason = `every delivery has failed for 24 h (last: ${error})`;
      await tx.webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { enabled: false, disabledReason: reason } });
      await recordEvent({ db: tx, type: 'webhook.disabled', actor: WORKER_ACTOR, payload: { endpointId: delivery.endpointId, url: endpoint.url, reason } });
    }
    return delay === null ? 'failed' : 'retry';
  });
}

/**
 * A success, the common case, as a plan (server/queue/plan.ts: on a worker's
 * direct connection no Prisma client on the sender's hot path): the delivery
 * succeeded if its claim is still ours, its attempt, and the end of its
 * endpoint's failing streak. False: the claim was lost (nothing recorded).
 */
function* succeededPlan(provider: Provider, delivery: ClaimedDelivery, result: PostResult, now: Date): Plan<boolean> {
  const changed = yield* sqlExecute(
    `UPDATE "WebhookDelivery" SET "status" = 'succeeded', "claimToken" = NULL, "claimExpiresAt" = NULL, "lastStatusCode" = $1, "lastError" = NULL
      WHERE "id" = $2 AND "claimToken" = $3 AND "status" = 'delivering'`,
    [result.statusCode, delivery.id, delivery.claimToken],
  );
  if (changed === 0) return false;
  yield* sqlExecute(
    `INSERT INTO "WebhookAttempt" ("deliveryId", "at", "outcome", "statusCode", "durationMs", "error", "response") VALUES ($1, $2, 'succeeded', $3, $4, NULL, $5)`,
    [delivery.id, ts(provider, now), result.statusCode, result.durationMs, result.response],
  );
  if (delivery.endpointId !== null)
    yield* sqlExecute(`UPDATE "WebhookEndpoint" SET "failingSince" = NULL WHERE "id" = $1 AND "failingSince" IS NOT NULL`, [delivery.endpointId]);
  return true;
}
