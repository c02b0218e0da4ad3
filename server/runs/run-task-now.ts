import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';
import { queueRuns } from '../queue/queue-runs';
import type { RunTrigger } from './schemas';

/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface RunTaskNowOptions {
  db: Db;
  key: string;
  /** How many runs (default 1). */
  times?: number;
  /** manual (UI, CLI) or api (REST): said by the transport. */
  trigger: Extract<RunTrigger, 'manual' | 'api'>;
  /** These runs' payload instead of the task's (the handler's ctx.payload, CRONBOARD_PAYLOAD). */
  payload?: Record<string, unknown>;
  actor: Actor;
  /**
   * A client's Idempotency-Key: within 24 h the same caller (`scope`) sending
   * the same key for the same `request` gets the first answer back and
   * nothing new is queued; the same key for another request is refused.
   */
  idempotency?: { scope: string; key: string; request: string };
  now?: Date;
}

export interface RunTaskNowResult {
  runIds: number[];
  /** This is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/** Run now: queues `times` runs of a task through queueRuns, at most once per idempotency key. */
export async function runTaskNow(options: RunTaskNowOptions): Promise<RunTaskNowResult> {
  const request = { task: { key: options.key }, trigger: options.trigger, times: options.times ?? 1, payload: options.payload, actor: options.actor };
  const idem = options.idempotency;
  if (!idem) return { runIds: await queueRuns({ db: options.db, ...request }), replayed: false };
  const now = options.now ?? new Date();
  const oldest = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
  // One at a time per key (the advisory lock on PostgreSQL, the write lock on SQLite): a retry racing the first request waits for its answer.
  return writeTransaction(
    options.db,
    async (tx) => {
      await tx.idempotencyKey.deleteMany({ where: { createdAt: { lt: oldest } } });
      const seen = await tx.idempotencyKey.findUnique({ where: { scope_key: { scope: idem.scope, key: idem.key } } });
      if (seen) {
        if (seen.request !== idem.request) {
          throw new AppError('CONFLICT', `Idempotency-Key '${idem.key}' was already used for another request (${seen.request}); use a new key`);
        }
        return { ...(JSON.parse(seen.response) as { runIds: number[] }), replayed: true };
      }
      const runIds = await queueRuns({ db: options.db, tx, ...request, now });
      await tx.idempotencyKey.create({ data: { scope: idem.scope, key: idem.key, request: idem.request, response: JSON.stringify({ runIds }), createdAt: now } });
      return { runIds, replayed: false };
    },
    { serializeOn: `idempotency:${idem.scope}:${idem.key}` },
  );
}
