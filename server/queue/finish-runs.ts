import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import type { Provider } from '../db/url';
import type { Actor } from '../auth/actor';
import type { TaskStatus } from '../tasks/constants';
import type { LogChunkInput } from './append-run-logs';
import { columnWhenFinished, type RunOutcome } from './board-effects';
import { insertEvents } from './insert-events';
import { moveCardsInBatch, type CardMove } from './move-card';
import { runPlan, sqlExecute, sqlQuery, type Plan } from './plan';
import { queueRunsPlan, type QueueRequest } from './queue-runs';
import { retryPlanFor, type RetryPlan } from './retry-policy';
import { inList, readTs, ts, valuesList } from './sql';

export interface RunResult {
  status: RunOutcome;
  exitCode?: number | null;
  signal?: string | null;
  error?: string | null;
  result?: unknown;
  logBytes?: number;
  logTruncated?: boolean;
}

export interface FinishItem {
  runId: number;
  claimToken: string;
  outcome: RunResult;
  /** The run's last output chunks (the executor's end line), written only if the finish is accepted. */
  logs?: LogChunkInput[];
  /**
   * When the execution ended (default: the batch's time). The worker passes
   * it: a finish waits for its batch, and the worker may start the task's next
   * run meanwhile (claim-runs.ts, finishedRunIds), which must not seem to
   * overlap this one.
   */
  finishedAt?: Date;
}

export interface FinishRunsOptions {
  db: Db;
  items: FinishItem[];
  actor: Actor;
  now?: Date;
  random?: () => number;
}

export interface FinishRunResult {
  /** False: the claim token no longer matches (lease taken over): nothing was written. */
  accepted: boolean;
  retryRunId: number | null;
}

interface RunRow {
  id: number;
  claimToken: string | null;
  status: string;
  attempt: number;
  basePriority: number;
  startedAt: unknown;
  logBytes: number;
  logTruncated: unknown;
  taskId: number;
  taskKey: string;
  taskStatus: string;
  scheduleKind: string;
  maxRetries: number;
  retryBackoff: string;
  retryDelaySeconds: number;
  retryMaxDelaySeconds: number;
  retryJitter: number;
}

/**
 * The terminal update of a batch of claimed runs in ONE transaction of a few
 * multi-row statements (the worker's completion queue flushes here; a single
 * finish is a batch of one). Per run: the guarded status update, its
 * run.<status> event, the retry run if the policy allows one (retryPlanFor,
 * queued through queueRunsPlan with its run.retry_scheduled event), and its
 * buffered last log chunks. Per task, once per batch: lastRunAt/lastRunStatus
 * from the last run of the batch, and the board move of PRODUCT.md only if the
 * task has no other run queued or running (with one, the card stays In
 * progress) and only if the column changes.
 *
 * Fencing / concurrency: the UPDATE matches `status = 'running' AND claimToken
 * = <the finisher's token>` row by row and RETURNs the rows it changed; only
 * those count as accepted, everything else in the batch (a zombie whose lease
 * was taken over, a run finished by a reaper) writes nothing. SQLite: the
 * transaction takes the write lock first, so the read and the writes see one
 * state. PostgreSQL: the first read locks the batch's task and run rows in
 * (task id, run id) order, so two workers finishing runs of the same tasks
 * queue on each other instead of deadlocking, and the statuses read stay
 * current; every write still re-checks its guard.
 */
export async function finishRuns(options: FinishRunsOptions): Promise<FinishRunResult[]> {
  if (options.items.length === 0) return [];
  const now = options.now ?? new Date();
  const provider = providerOf(options.db);
  return runPlan(options.db, () => finishRunsPlan(provider, options, now));
}

/** finishRuns' statements, for use inside another plan (the reaper). */
export function* finishRunsPlan(
  provider: Provider,
  options: Pick<FinishRunsOptions, 'items' | 'actor' | 'random'>,
  now: Date,
): Plan<FinishRunResult[]> {
  const { actor, items } = options;
  const refused = items.map(() => ({ accepted: false, retryRunId: null }));
  if (items.length === 0) return refused;
  const readParams: unknown[] = [];
  const ids = inList(
    items.map((i) => i.runId),
    readParams,
  );
  const rows = yield* sqlQuery<RunRow>(
    `SELECT r.id, r."claimToken", r.status, r.attempt, r."basePriority", r."startedAt", r."logBytes", r."logTruncated",
            r."taskId", t.key AS "taskKey", t.status AS "taskStatus", t."scheduleKind", t."maxRetries", t."retryBackoff",
            t."retryDelaySeconds", t."retryMaxDelaySeconds", t."retryJitter"
     FROM "Run" r JOIN "Task" t ON t.id = r."taskId" WHERE r.id IN (${ids})
     ${provider === 'postgresql' ? 'ORDER BY t.id, r.id FOR UPDATE OF t, r' : ''}`,
    readParams,
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const seen = new Set<number>();
  const candidates = items.filter((item) => {
    const row = byId.get(item.runId);
    if (!row || row.status !== 'running' || row.claimToken !== item.claimToken || seen.has(item.runId)) return false;
    seen.add(item.runId);
    return true;
  });
  if (candidates.length === 0) return refused;

  const endOf = (item: FinishItem) => item.finishedAt ?? now;
  const durationOf = (row: RunRow, item: FinishItem) => {
    const started = readTs(row.startedAt);
    return started ? Math.max(0, endOf(item).getTime() - started.getTime()) : null;
  };
  const params: unknown[] = [];
  const values = valuesList(
    provider,
    ['int', 'text', 'text', 'int', 'int', 'text', 'text', 'json', 'int', 'bool', 'ts'],
    candidates.map((item) => {
      const row = byId.get(item.runId)!;
      const o = item.outcome;
      return [
        item.runId,
        item.claimToken,
        o.status,
        durationOf(row, item),
        o.exitCode ?? null,
        o.signal ?? null,
        o.error ?? null,
        o.result === undefined ? null : o.result,
        o.logBytes ?? Number(row.logBytes),
        o.logTruncated ?? Boolean(row.logTruncated),
        endOf(item),
      ];
    }),
    params,
  );
  const accepted = yield* sqlQuery<{ id: number }>(
    `WITH v(id, token, status, "durationMs", "exitCode", signal, error, result, "logBytes", "logTruncated", "finishedAt") AS (VALUES ${values})
     UPDATE "Run" SET status = v.status, "finishedAt" = v."finishedAt", "durationMs" = v."durationMs", "exitCode" = v."exitCode",
       signal = v.signal, error = v.error, result = COALESCE(v.result, "Run".result), "logBytes" = v."logBytes",
       "logTruncated" = v."logTruncated", "leaseExpiresAt" = NULL
     FROM v WHERE "Run".id = v.id AND "Run"."claimToken" = v.token AND "Run".status = 'running'
     RETURNING "Run".id`,
    params,
  );
  const acceptedIds = new Set(accepted.map((r) => Number(r.id)));
  const done = candidates.filter((item) => acceptedIds.has(item.runId));
  if (done.length === 0) return refused;

  // Each run's end, recorded before the retry it may cause.
  yield* insertEvents(
    provider,
    actor,
    done.map((item) => {
      const row = byId.get(item.runId)!;
      return {
        type: `run.${item.outcome.status}`,
        taskId: row.taskId,
        taskKey: row.taskKey,
        runId: item.runId,
        payload: {
          attempt: row.attempt,
          exitCode: item.outcome.exitCode ?? null,
          error: item.outcome.error ?? null,
          durationMs: durationOf(row, item),
        },
      };
    }),
    now,
  );

  // Retries: one queueRunsPlan for the batch; matched back by retryOfId.
  const retries: QueueRequest[] = [];
  for (const item of done) {
    const row = byId.get(item.runId)!;
    const plan: RetryPlan | null = retryPlanFor(
      { outcome: item.outcome.status, attempt: row.attempt },
      { ...row, retryJitter: Number(row.retryJitter) },
      endOf(item), // the backoff counts from the run's end, not from its batch's flush
      options.random,
    );
    if (!plan) continue;
    retries.push({
      task: { id: row.taskId },
      trigger: 'retry',
      attempt: plan.attempt,
      retryOfId: item.runId,
      availableAt: plan.availableAt,
      priority: row.basePriority,
    });
  }
  const retryIds = new Map<number, number>();
  for (const run of yield* queueRunsPlan(provider, actor, retries, now)) retryIds.set(run.retryOfId!, run.id);

  const lastPerTask = new Map<number, { item: FinishItem; row: RunRow }>();
  for (const item of done) {
    const row = byId.get(item.runId)!;
    lastPerTask.set(row.taskId, { item, row });
  }

  // Per task: lastRun fields from the batch's last finished run, in one statement.
  const taskParams: unknown[] = [];
  const taskValues = valuesList(
    provider,
    ['int', 'ts', 'text'],
    [...lastPerTask.values()].map(({ item, row }) => [row.taskId, readTs(row.startedAt) ?? now, item.outcome.status]),
    taskParams,
  );
  taskParams.push(ts(provider, now));
  yield* sqlExecute(
    `WITH v(id, "lastRunAt", "lastRunStatus") AS (VALUES ${taskValues})
     UPDATE "Task" SET "lastRunAt" = v."lastRunAt", "lastRunStatus" = v."lastRunStatus", "updatedAt" = $${taskParams.length}
     FROM v WHERE "Task".id = v.id`,
    taskParams,
  );

  // Board moves: only for a task with nothing else queued or running (a
  // retry just queued counts), and only when the column changes.
  const cardMoves: CardMove[] = [];
  for (const { item, row } of lastPerTask.values()) {
    const to = columnWhenFinished(row.taskStatus as TaskStatus, item.outcome.status, row.scheduleKind);
    if (!to) continue;
    cardMoves.push({
      taskId: row.taskId,
      taskKey: row.taskKey,
      from: row.taskStatus,
      to,
      runId: item.runId,
      reason: `run ${item.outcome.status}`,
      onlyIfIdle: true,
    });
  }
  const moves = yield* moveCardsInBatch(provider, cardMoves, actor, now);
  yield* insertEvents(provider, actor, moves, now);

  const logRows = done.flatMap((item) => (item.logs ?? []).map((c) => [item.runId, c.seq, c.stream, c.data, now]));
  if (logRows.length > 0) {
    const logParams: unknown[] = [];
    const logValues = valuesList(provider, ['int', 'int', 'text', 'text', 'ts'], logRows, logParams);
    yield* sqlExecute(`INSERT INTO "RunLog" ("runId", seq, stream, data, "createdAt") VALUES ${logValues}`, logParams);
  }

  return items.map((item) =>
    done.includes(item)
      ? { accepted: true, retryRunId: retryIds.get(item.runId) ?? null }
      : { accepted: false, retryRunId: null },
  );
}
