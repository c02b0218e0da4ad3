import type { Provider } from '../db/url';
import type { Actor } from '../auth/actor';
import { finishRunsPlan } from './finish-runs';
import { insertEvents } from './insert-events';
import { sqlQuery, type Plan } from './plan';
import { runPlanAt, type QueueOperationOptions } from './run-plan-at';
import { ts } from './sql';

export interface ReapOptions extends QueueOperationOptions {
  /** The reaping worker (actor of the events). */
  actor: Actor;
  leaseSeconds: number;
  limit?: number;
}

export interface ReapResult {
  runsFailed: number[];
  workersLost: string[];
}

/**
 * Runs whose lease expired (their worker died: kill -9, power loss) become
 * failed "worker lost" and are retried per policy, in one batched finish;
 * silent workers are marked lost. Any worker may reap: each run is finished
 * through its own claim token, so two reapers (or a late original worker)
 * cannot both finish it, and a worker is marked lost by a guarded UPDATE.
 */
export async function reapExpiredLeases(options: ReapOptions): Promise<ReapResult> {
  return runPlanAt(options, (provider, now) => reapPlan(provider, options, now));
}

function* reapPlan(provider: Provider, options: ReapOptions, now: Date): Plan<ReapResult> {
  const expired = yield* sqlQuery<{ id: number; claimToken: string | null; workerId: string | null }>(
    `SELECT id, "claimToken", "workerId" FROM "Run"
     WHERE status = 'running' AND "leaseExpiresAt" < $1 ORDER BY "leaseExpiresAt" LIMIT $2`,
    [ts(provider, now), options.limit ?? 100],
  );
  const items = expired
    .filter((run) => run.claimToken !== null)
    .map((run) => ({
      runId: Number(run.id),
      claimToken: run.claimToken!,
      outcome: { status: 'failed' as const, error: `worker lost: its lease expired (worker ${run.workerId ?? 'unknown'})` },
    }));
  const finished = yield* finishRunsPlan(provider, { items, actor: options.actor }, now);
  const runsFailed = items.filter((_, i) => finished[i]!.accepted).map((item) => item.runId);

  // One guarded UPDATE: a worker that heartbeat meanwhile is not lost.
  const lost = yield* sqlQuery<{ id: string; name: string }>(
    `UPDATE "Worker" SET state = 'lost', "runsInHand" = 0
     WHERE state IN ('active', 'draining') AND "lastHeartbeatAt" < $1
     RETURNING id, name`,
    [ts(provider, new Date(now.getTime() - options.leaseSeconds * 1000))],
  );
  yield* insertEvents(
    provider,
    options.actor,
    lost.map((w) => ({
      type: 'worker.lost',
      taskId: null,
      taskKey: null,
      runId: null,
      payload: { workerId: w.id, name: w.name },
    })),
    now,
  );
  return { runsFailed, workersLost: lost.map((w) => w.id) };
}
