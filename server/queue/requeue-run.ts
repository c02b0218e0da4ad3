import type { Provider } from '../db/url';
import type { Actor } from '../auth/actor';
import { insertEvents } from './insert-events';
import { notifyRunQueued } from './notify';
import { sqlQuery, type Plan } from './plan';
import { runPlanAt, type QueueOperationOptions } from './run-plan-at';
import { ts } from './sql';

export interface RequeueRunOptions extends QueueOperationOptions {
  runId: number;
  claimToken: string;
  actor: Actor;
  reason: string;
}

/**
 * Puts a claimed run back in the queue (a draining worker ran out of grace):
 * same attempt, available at once, guarded by the claim token, with a
 * run.queued event, waking idle workers at commit. Its partial output stays;
 * the next attempt's output follows it. False: the run was no longer ours.
 */
export async function requeueRun(options: RequeueRunOptions): Promise<boolean> {
  return runPlanAt(options, (provider, now) => requeuePlan(provider, options, now));
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
