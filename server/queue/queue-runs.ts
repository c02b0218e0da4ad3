import type { Actor } from '../auth/actor';
import { providerOf, type Db } from '../db/client';
import type { Provider } from '../db/url';
import { AppError, wholeNumberArg } from '../errors';
import type { RunTrigger } from '../runs/schemas';
import { insertEvents, type QueueEvent } from './insert-events';
import { NOTIFY_RUN_QUEUED_SQL } from './notify';
import { runPlan, runPlanInTransaction, sqlQuery, type Plan, type Tx } from './plan';
import { readTs, ts, valuesList } from './sql';

/**
 * THE way to queue a run. Every path that makes a run — Run now (UI, CLI),
 * a board move to In progress, quick add, Retry on a finished run, the retry
 * policy (finish-runs.ts), the schedule tick (materialize-due-runs.ts), and the
 * HTTP API, YAML sync and event triggers to come — goes through queueRuns (a
 * service, on its own or inside the caller's transaction) or queueRunsPlan
 * (inside another queue plan). One INSERT per batch, its events, and the
 * NOTIFY that wakes idle PostgreSQL workers when it commits.
 */
export interface QueueRequest {
  /** The task, by id or by key. */
  task: { id: number } | { key: string };
  /** What asked for it, recorded on the run: manual (UI, CLI), api, retry (the retry policy), schedule. */
  trigger: RunTrigger;
  /** How many runs (default 1). */
  times?: number;
  /** Default 1; the retry policy's retry is the failed attempt + 1. */
  attempt?: number;
  /** The run this one retries (the retry policy's retry, or Retry on a finished run). */
  retryOfId?: number | null;
  /** Not claimed before this instant (default: now). */
  availableAt?: Date;
  /** Base priority, 0 (low) … 3 (urgent); default: the task's priority now. */
  priority?: number;
  /** A schedule fire time: unique per task, so a fire already recorded is not recorded again (nothing is returned for it). */
  scheduledFor?: Date;
  /** Record the fire as skipped (overlap: skip) instead of queueing it, with this reason. */
  skipReason?: string;
  /**
   * This run's payload instead of the task's (Run now's `payload` override).
   * Absent: a retry (retryOfId) keeps the payload of the run it retries, any
   * other run has none and the worker uses the task's.
   */
  payload?: Record<string, unknown>;
  /** The event an event-triggered run is for (trigger `event`): unique per task, so an event already served queues nothing. */
  eventId?: number;
}

export interface QueuedRun {
  id: number;
  taskId: number;
  taskKey: string;
  status: 'queued' | 'skipped';
  retryOfId: number | null;
  scheduledFor: Date | null;
}

export const MAX_TIMES = 1000;

export interface QueueRunsOptions extends QueueRequest {
  db: Db;
  /** Inside the caller's write transaction (its client): the runs, events and NOTIFY commit with it. */
  tx?: Tx;
  actor: Actor;
  now?: Date;
}

/**
 * Queues `times` runs of one task, each with its event, and wakes idle
 * workers at commit. Returns the new run ids in order. NOT_FOUND when there is
 * no such task (nothing written).
 */
export async function queueRuns(options: QueueRunsOptions): Promise<number[]> {
  const { db, tx, actor, now = new Date(), ...request } = options;
  wholeNumberArg('times', request.times, 1, MAX_TIMES);
  const provider = providerOf(db);
  const plan = () => queueRunsPlan(provider, actor, [request], now);
  // PostgreSQL: one statement (its own transaction); SQLite: two, in one write transaction.
  const runs = tx
    ? await runPlanInTransaction(tx, provider, plan())
    : await runPlan(db, plan, { transaction: provider === 'sqlite' });
  if (runs.length === 0) {
    const which = 'key' in request.task ? `key '${request.task.key}'` : `id ${request.task.id}`;
    throw new AppError('NOT_FOUND', `No task with ${which}`);
  }
  return runs.map((r) => r.id);
}

/**
 * The statements of queueRuns for a batch of requests, for use inside another
 * plan. Requests naming no existing task (or a fire already recorded) yield no
 * run. Returns the runs in id order, which is request order.
 *
 * PostgreSQL: ONE statement — the runs, their events and the NOTIFY as CTEs —
 * so standalone it is one round trip and one implicit transaction, and the
 * NOTIFY is delivered at the commit that makes the runs claimable. SQLite: the
 * INSERT … RETURNING, then the events in one multi-row INSERT (SQLite has no
 * data-modifying CTEs); the plan runs in a write transaction.
 */
export function* queueRunsPlan(provider: Provider, actor: Actor, requests: QueueRequest[], now: Date): Plan<QueuedRun[]> {
  if (requests.length === 0) return [];
  const params: unknown[] = [ts(provider, now)];
  const values = valuesList(
    provider,
    ['int', 'int', 'text', 'text', 'int', 'int', 'ts', 'int', 'ts', 'text', 'text', 'int', 'text', 'json', 'int'],
    requests.map((r, n) => [
      n,
      'id' in r.task ? r.task.id : null,
      'key' in r.task ? r.task.key : null,
      r.trigger,
      r.attempt ?? 1,
      r.retryOfId ?? null,
      r.availableAt ?? now,
      r.priority ?? null,
      r.scheduledFor ?? null,
      r.skipReason === undefined ? 'queued' : 'skipped',
      r.skipReason ?? null,
      r.times ?? 1,
      r.trigger === 'retry' || r.trigger === 'schedule' || r.trigger === 'event' ? r.trigger : actor.name,
      r.payload ?? null,
      r.eventId ?? null,
    ]),
    params,
  );
  const maxTimes = Math.max(...requests.map((r) => r.times ?? 1));
  const v = `v(n, "taskId", "taskKey", trigger, attempt, "retryOfId", "availableAt", priority, "scheduledFor", status, error, times, "requestedBy", payload, "eventId") AS (VALUES ${values})`;
  // The task by id, or by key through the unique index.
  const task = `"Task" t ON t.id = COALESCE(v."taskId", (SELECT k.id FROM "Task" k WHERE k.key = v."taskKey"))`;
  const at = provider === 'postgresql' ? '$1::timestamp(3)' : '$1';
  const insert = `INSERT INTO "Run" ("taskId", status, trigger, attempt, "basePriority", priority, "scheduledFor", "availableAt", "createdAt", "finishedAt", error, "retryOfId", "requestedBy", payload, "eventId")
    SELECT t.id, v.status, v.trigger, v.attempt, COALESCE(v.priority, t.priority), COALESCE(v.priority, t.priority), v."scheduledFor",
           v."availableAt", ${at}, CASE WHEN v.status = 'skipped' THEN ${at} END, v.error, v."retryOfId", v."requestedBy",
           COALESCE(v.payload, (SELECT o.payload FROM "Run" o WHERE o.id = v."retryOfId")), v."eventId"`;
  // A fire time already recorded (a stale second tick) inserts nothing: unique (taskId, scheduledFor).
  // An event already served (a second worker's consumer pass) likewise: unique (taskId, eventId).
  const conflict = requests.some((r) => r.eventId !== undefined)
    ? 'ON CONFLICT DO NOTHING'
    : requests.some((r) => r.scheduledFor)
      ? 'ON CONFLICT ("taskId", "scheduledFor") DO NOTHING'
      : '';

  if (provider === 'postgresql') {
    // One run per request (a tick, a Run now): no series to join. The planner costs
    // generate_series at 1,000 rows, which put a 100-task tick's plan over
    // jit_above_cost: seconds of JIT compiling per statement (the pools also set jit=off).
    const repeat = maxTimes === 1 ? 'CROSS JOIN (VALUES (1)) AS g(n)' : 'CROSS JOIN LATERAL generate_series(1, v.times) AS g(n)';
    params.push(actor.type, actor.id ?? null, actor.name);
    const [actorType, actorId, actorName] = [params.length - 2, params.length - 1, params.length];
    const iso = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    // The same event rule as queuedEvent() below, in SQL.
    const rows = yield* sqlQuery<Record<string, unknown>>(
      `WITH ${v},
       r AS (
         ${insert}
         FROM v JOIN ${task} ${repeat}
         ORDER BY v.n, g.n
         ${conflict}
         RETURNING id, "taskId", status, trigger, attempt, "retryOfId", "scheduledFor", "availableAt", "createdAt"),
       e AS (
         INSERT INTO "Event" (type, at, "actorType", "actorId", "actorName", "taskId", "taskKey", "runId", payload)
         SELECT CASE WHEN r.status = 'skipped' THEN 'run.skipped' WHEN r.trigger = 'retry' THEN 'run.retry_scheduled' ELSE 'run.queued' END,
                $1::timestamp(3), $${actorType}::text, $${actorId}::text, $${actorName}::text, r."taskId", t.key, r.id,
                CASE WHEN r.status <> 'skipped' AND r.trigger = 'retry'
                  THEN jsonb_build_object('retryOf', r."retryOfId", 'attempt', r.attempt, 'availableAt', ${iso('r."availableAt"')},
                         'delayMs', round(extract(epoch FROM r."availableAt" - r."createdAt") * 1000)::bigint)
                  ELSE jsonb_strip_nulls(jsonb_build_object('trigger', r.trigger, 'retryOf', r."retryOfId", 'scheduledFor', ${iso('r."scheduledFor"')}))
                END
         FROM r JOIN "Task" t ON t.id = r."taskId" ORDER BY r.id)
       SELECT r.id, r."taskId", t.key AS "taskKey", r.status, r."retryOfId", r."scheduledFor",
              (SELECT ${NOTIFY_RUN_QUEUED_SQL}::text) AS notified
       FROM r JOIN "Task" t ON t.id = r."taskId" ORDER BY r.id`,
      params,
    );
    return rows.map(toQueuedRun);
  }

  params.push(maxTimes);
  const rows = yield* sqlQuery<Record<string, unknown>>(
    `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $${params.length}), ${v}
     ${insert}
     FROM v JOIN ${task} JOIN g ON g.n <= v.times
     WHERE true ORDER BY v.n, g.n
     ${conflict}
     RETURNING id, "taskId", (SELECT key FROM "Task" WHERE id = "Run"."taskId") AS "taskKey", status, trigger, attempt,
               "retryOfId", "scheduledFor", "availableAt"`,
    params,
  );
  rows.sort((a, b) => Number(a.id) - Number(b.id));
  yield* insertEvents(
    provider,
    actor,
    rows.map((row) => queuedEvent(row, now)),
    now,
  );
  return rows.map(toQueuedRun);
}

/**
 * The event a queued run is recorded with: run.skipped for a skipped fire,
 * run.retry_scheduled for the retry policy's retry, else run.queued (naming
 * the run it retries and the fire time, when there are).
 */
function queuedEvent(row: Record<string, unknown>, now: Date): QueueEvent {
  const base = { taskId: Number(row.taskId), taskKey: String(row.taskKey), runId: Number(row.id) };
  const retryOf = row.retryOfId === null || row.retryOfId === undefined ? null : Number(row.retryOfId);
  const scheduledFor = readTs(row.scheduledFor);
  if (row.status !== 'skipped' && row.trigger === 'retry') {
    const availableAt = readTs(row.availableAt)!;
    return {
      ...base,
      type: 'run.retry_scheduled',
      payload: {
        retryOf: Number(row.retryOfId),
        attempt: Number(row.attempt),
        availableAt: availableAt.toISOString(),
        delayMs: availableAt.getTime() - now.getTime(),
      },
    };
  }
  const trigger = String(row.trigger);
  if (row.status === 'skipped') {
    return { ...base, type: 'run.skipped', payload: { trigger, scheduledFor: scheduledFor?.toISOString() ?? now.toISOString() } };
  }
  return {
    ...base,
    type: 'run.queued',
    payload: {
      trigger,
      ...(retryOf !== null && { retryOf }),
      ...(scheduledFor && { scheduledFor: scheduledFor.toISOString() }),
    },
  };
}

function toQueuedRun(row: Record<string, unknown>): QueuedRun {
  return {
    id: Number(row.id),
    taskId: Number(row.taskId),
    taskKey: String(row.taskKey),
    status: row.status === 'skipped' ? 'skipped' : 'queued',
    retryOfId: row.retryOfId === null || row.retryOfId === undefined ? null : Number(row.retryOfId),
    scheduledFor: readTs(row.scheduledFor),
  };
}
