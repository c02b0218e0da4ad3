import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import type { Provider } from '../db/url';
import type { Actor } from '../auth/actor';
import type { TaskStatus } from '../tasks/constants';
import type { LogChunkInput } from './append-run-logs';
import { backoffMs } from './backoff';
import { columnWhenFinished, type RunOutcome } from './board-effects';
import { insertEvents, type QueueEvent } from './insert-events';
import { moveCardInBatch } from './move-card';
import { notifyRunQueued } from './notify';
import { runPlan, sqlExecute, sqlQuery, type Plan } from './plan';
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
 * finish is a batch of one). Per run: the guarded status
 * update, the retry run if the policy allows one, the run.<status> and
 * run.retry_scheduled events, and its buffered last log chunks. Per task, once
 * per batch: lastRunAt/lastRunStatus from the last run of the batch, and the
 * board move of PRODUCT.md only if the task has no other run queued or running
 * (with one, the card stays In progress) and only if the column changes.
 *
 * Fencing / concurrency: the UPDATE matches `status = 'running' AND claimToken
 * = <the finisher's token>` row by row and RETURNs the rows it changed; only
 * those count as accepted, everything else in the batch (a zombie whose lease
 * was taken over, a run finished by a reaper) writes nothing. SQLite: the
 * transaction takes the write lock first (lockForWrite), so the read and the
 * writes see one state. PostgreSQL: the first read locks the batch's task and
 * run rows in (task id, run id) order, so two workers finishing runs of the
 * same tasks queue on each other instead of deadlocking, and the statuses read
 * stay current; every write still re-checks its guard.
 */
export async function finishRuns(options: FinishRunsOptions): Promise<FinishRunResult[]> {
  if (options.items.length === 0) return [];
  const now = options.now ?? new Date();
  const provider = providerOf(options.db);
  const { results, retries } = await runPlan(options.db, () => finishPlan(options, provider, now));
  if (retries > 0) await notifyRunQueued(options.db);
  return results;
}

function* finishPlan(
  options: FinishRunsOptions,
  provider: Provider,
  now: Date,
): Plan<{ results: FinishRunResult[]; retries: number }> {
  const { actor, items } = options;
  {
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
    const empty = { results: items.map(() => ({ accepted: false, retryRunId: null })), retries: 0 };
    if (candidates.length === 0) return empty;

    const durationOf = (row: RunRow) => {
      const started = readTs(row.startedAt);
      return started ? now.getTime() - started.getTime() : null;
    };
    const params: unknown[] = [ts(provider, now)];
    const values = valuesList(
      provider,
      ['int', 'text', 'text', 'int', 'int', 'text', 'text', 'json', 'int', 'bool'],
      candidates.map((item) => {
        const row = byId.get(item.runId)!;
        const o = item.outcome;
        return [
          item.runId,
          item.claimToken,
          o.status,
          durationOf(row),
          o.exitCode ?? null,
          o.signal ?? null,
          o.error ?? null,
          o.result === undefined ? null : o.result,
          o.logBytes ?? Number(row.logBytes),
          o.logTruncated ?? Boolean(row.logTruncated),
        ];
      }),
      params,
    );
    const accepted = yield* sqlQuery<{ id: number }>(
      `WITH v(id, token, status, "durationMs", "exitCode", signal, error, result, "logBytes", "logTruncated") AS (VALUES ${values})
       UPDATE "Run" SET status = v.status, "finishedAt" = $1, "durationMs" = v."durationMs", "exitCode" = v."exitCode",
         signal = v.signal, error = v.error, result = COALESCE(v.result, "Run".result), "logBytes" = v."logBytes",
         "logTruncated" = v."logTruncated", "leaseExpiresAt" = NULL
       FROM v WHERE "Run".id = v.id AND "Run"."claimToken" = v.token AND "Run".status = 'running'
       RETURNING "Run".id`,
      params,
    );
    const acceptedIds = new Set(accepted.map((r) => Number(r.id)));
    const done = candidates.filter((item) => acceptedIds.has(item.runId));
    if (done.length === 0) return empty;

    // Retries: one multi-row INSERT; ids matched back by retryOfId.
    const events: QueueEvent[] = [];
    const retryPlans = new Map<number, { availableAt: Date; delay: number; attempt: number }>();
    for (const item of done) {
      const row = byId.get(item.runId)!;
      const retryable = item.outcome.status === 'failed' || item.outcome.status === 'timed_out';
      if (!retryable || row.attempt > row.maxRetries) continue;
      const delay = backoffMs(
        {
          kind: row.retryBackoff,
          baseSeconds: row.retryDelaySeconds,
          maxSeconds: row.retryMaxDelaySeconds,
          jitter: Number(row.retryJitter),
        },
        row.attempt,
        options.random,
      );
      retryPlans.set(item.runId, { availableAt: new Date(now.getTime() + delay), delay, attempt: row.attempt + 1 });
    }
    const retryIds = new Map<number, number>();
    if (retryPlans.size > 0) {
      const insertParams: unknown[] = [];
      const retryValues = valuesList(
        provider,
        ['int', 'text', 'int', 'int', 'int', 'ts', 'ts', 'int', 'text'],
        [...retryPlans].map(([runId, plan]) => {
          const row = byId.get(runId)!;
          return [row.taskId, 'retry', plan.attempt, row.basePriority, row.basePriority, plan.availableAt, now, runId, 'retry'];
        }),
        insertParams,
      );
      const created = yield* sqlQuery<{ id: number; retryOfId: number }>(
        `INSERT INTO "Run" ("taskId", trigger, attempt, "basePriority", priority, "availableAt", "createdAt", "retryOfId", "requestedBy")
         VALUES ${retryValues} RETURNING id, "retryOfId"`,
        insertParams,
      );
      for (const r of created) retryIds.set(Number(r.retryOfId), Number(r.id));
    }

    const lastPerTask = new Map<number, { item: FinishItem; row: RunRow }>();
    for (const item of done) {
      const row = byId.get(item.runId)!;
      const duration = durationOf(row);
      events.push({
        type: `run.${item.outcome.status}`,
        taskId: row.taskId,
        taskKey: row.taskKey,
        runId: item.runId,
        payload: {
          attempt: row.attempt,
          exitCode: item.outcome.exitCode ?? null,
          error: item.outcome.error ?? null,
          durationMs: duration,
        },
      });
      const plan = retryPlans.get(item.runId);
      const retryId = retryIds.get(item.runId);
      if (plan && retryId !== undefined) {
        events.push({
          type: 'run.retry_scheduled',
          taskId: row.taskId,
          taskKey: row.taskKey,
          runId: retryId,
          payload: {
            retryOf: item.runId,
            attempt: plan.attempt,
            availableAt: plan.availableAt.toISOString(),
            delayMs: plan.delay,
          },
        });
      }
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
    for (const { item, row } of lastPerTask.values()) {
      const to = columnWhenFinished(row.taskStatus as TaskStatus, item.outcome.status, row.scheduleKind);
      if (!to) continue;
      const moved = yield* moveCardInBatch(
        provider,
        {
          taskId: row.taskId,
          taskKey: row.taskKey,
          from: row.taskStatus,
          to,
          runId: item.runId,
          reason: `run ${item.outcome.status}`,
          onlyIfIdle: true,
        },
        actor,
        now,
      );
      if (moved) events.push(moved);
    }
    yield* insertEvents(provider, actor, events, now);

    const logRows = done.flatMap((item) => (item.logs ?? []).map((c) => [item.runId, c.seq, c.stream, c.data, now]));
    if (logRows.length > 0) {
      const logParams: unknown[] = [];
      const logValues = valuesList(provider, ['int', 'int', 'text', 'text', 'ts'], logRows, logParams);
      yield* sqlExecute(`INSERT INTO "RunLog" ("runId", seq, stream, data, "createdAt") VALUES ${logValues}`, logParams);
    }

    return {
      results: items.map((item) =>
        done.includes(item)
          ? { accepted: true, retryRunId: retryIds.get(item.runId) ?? null }
          : { accepted: false, retryRunId: null },
      ),
      retries: retryIds.size,
    };
  }
}
