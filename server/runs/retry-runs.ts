import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { providerOf } from '../db/client';
import type { Provider } from '../db/url';
import { runPlan, sqlQuery, type Plan } from '../queue/plan';
import { queueRunsPlan } from '../queue/queue-runs';
import { inList } from '../queue/sql';
import { isFinishedRunStatus, type RunStatus } from '../tasks/constants';

export interface RetryRunsOptions {
  db: Db;
  runIds: number[];
  actor: Actor;
  /** Recorded on the new runs: manual (UI, CLI, default) or api (REST), as the transport says. */
  trigger?: 'manual' | 'api';
  now?: Date;
}

export type RetryOutcome = 'queued' | 'not_finished' | 'not_found';

export interface RetryRunsResult {
  results: { runId: number; outcome: RetryOutcome; newRunId: number | null }[];
  queued: number;
  notFinished: number;
  notFound: number;
}

/**
 * "Retry" from the runs table: for each selected *finished* run, queue a new
 * run of the same task, now, at the task's current priority.
 *
 * The new run is `trigger: 'manual'`, `attempt: 1`, `retryOfId` = the run it
 * retries. Not `trigger: 'retry'`: that one is the retry policy's own automatic
 * attempt (attempt + 1, after a backoff). A person asking again is a fresh
 * request, so the task's retry policy starts over for it; `retryOfId` keeps the
 * link. Queued and running runs are left alone (`not_finished`). One write
 * transaction: the read, then one queueRunsPlan for all of them.
 */
export async function retryRuns(options: RetryRunsOptions): Promise<RetryRunsResult> {
  const now = options.now ?? new Date();
  const ids = [...new Set(options.runIds)];
  const provider = providerOf(options.db);
  const results = ids.length === 0 ? [] : await runPlan(options.db, () => retryPlan(provider, options.actor, ids, now, options.trigger ?? 'manual'));
  return {
    results,
    queued: results.filter((r) => r.outcome === 'queued').length,
    notFinished: results.filter((r) => r.outcome === 'not_finished').length,
    notFound: results.filter((r) => r.outcome === 'not_found').length,
  };
}

function* retryPlan(provider: Provider, actor: Actor, ids: number[], now: Date, trigger: 'manual' | 'api'): Plan<RetryRunsResult['results']> {
  const params: unknown[] = [];
  const runs = yield* sqlQuery<{ id: number; status: string; taskId: number }>(
    `SELECT id, status, "taskId" FROM "Run" WHERE id IN (${inList(ids, params)})`,
    params,
  );
  const byId = new Map(runs.map((r) => [Number(r.id), r]));
  const finished = ids.filter((id) => {
    const status = byId.get(id)?.status;
    return status !== undefined && isFinishedRunStatus(status as RunStatus);
  });
  const queued = yield* queueRunsPlan(
    provider,
    actor,
    finished.map((id) => ({ task: { id: Number(byId.get(id)!.taskId) }, trigger, retryOfId: id })),
    now,
  );
  const newIds = new Map(queued.map((run) => [run.retryOfId, run.id]));
  return ids.map((id) => {
    const newRunId = newIds.get(id);
    if (newRunId !== undefined) return { runId: id, outcome: 'queued', newRunId };
    return { runId: id, outcome: byId.has(id) ? 'not_finished' : 'not_found', newRunId: null };
  });
}
