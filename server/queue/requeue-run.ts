import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import type { Provider } from '../db/url';
import type { Actor } from '../auth/actor';
import { insertEvents } from './insert-events';
import { notifyRunQueued } from './notify';
import { runPlan, sqlQuery, type Plan } from './plan';
import { ts } from './sql';

export interface RequeueRunOptions {
  db: Db;
  runId: number;
  claimToken: string;
  actor: Actor;
  reason: string;
  now?: Date;
}

/**
 * Puts a claimed run back in the queue (a draining worker ran out of grace):
 * same attempt, available at once, guarded by the claim token, with a
 * run.queued event, waking idle workers at commit. Its partial output stays;
 * the next attempt's output follows it. False: the run was no longer ours.
 */
export async function requeueRun(options: RequeueRunOptions): Promise<boolean> {
  const provider = providerOf(options.db);
  return runPlan(options.db, () => requeuePlan(provider, options, options.now ?? new Date()));
}

function* requeuePlan(provider: Provider, options: RequeueRunOptions, now: Date): Plan<boolean> {
  const [run] = yield* sqlQuery<{ taskId: number; taskKey: string }>(
    `UPDATE "Run" SET status = 'queued', "workerId" = NULL, "claimToken" = NULL, "claimedAt" = NULL, "startedAt" = NULL,
       "leaseExpiresAt" = NULL, "cancelRequestedAt" = NULL, "availableAt" = $1
     WHERE id = $2 AND "claimToken" = $3 AND status = 'running'
     RETURNING "taskId", (SELECT key FROM "Task" WHERE id = "Run"."taskId") AS "taskKey"`,
    [ts(provider, now), options.runId, options.claimToken],
  );
  if (!run) return false;
  yield* insertEvents(
    provider,
    options.actor,
    [
      {
        type: 'run.queued',
        taskId: Number(run.taskId),
        taskKey: run.taskKey,
        runId: options.runId,
        payload: { requeued: true, reason: options.reason },
      },
    ],
    now,
  );
  yield* notifyRunQueued(provider);
  return true;
}
