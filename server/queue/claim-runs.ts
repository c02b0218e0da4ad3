import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import type { Actor } from '../auth/actor';
import { runPlan, sqlQuery } from './plan';
import { dialect, readTs, ts } from './sql';

export interface ClaimRunsOptions {
  db: Db;
  workerId: string;
  /** Free slots: never claim more. */
  limit: number;
  leaseSeconds: number;
  now?: Date;
  /**
   * PostgreSQL: record the run.started events in the claim statement itself,
   * as this actor (the worker), and return the tasks with the runs.
   */
  actor?: Actor;
}

export interface ClaimedRun {
  id: number;
  claimToken: string;
  taskId: number;
  attempt: number;
  priority: number;
  availableAt: Date;
  /** The claim is the start: status running, startedAt, lease and token are set by the claim itself. */
  startedAt: Date;
  /** PostgreSQL with an actor: the task's columns the executor needs, and run.started is already recorded. */
  task?: ClaimedTask;
}

/** The task columns a claim hands to the executor (see start-runs.ts). */
export const CLAIMED_TASK_COLUMNS = [
  'key', 'kind', 'command', 'httpMethod', 'httpUrl', 'httpHeaders', 'httpBody', 'handler', 'payload', 'cwd', 'env',
  'timeoutSeconds', 'overlap', 'maxInstances', 'status',
] as const;
export type ClaimedTask = {
  id: number;
  key: string;
  kind: string;
  command: string | null;
  httpMethod: string | null;
  httpUrl: string | null;
  httpHeaders: unknown;
  httpBody: string | null;
  handler: string | null;
  payload: unknown;
  cwd: string | null;
  env: unknown;
  timeoutSeconds: number | null;
  overlap: string;
  maxInstances: number;
  status: string;
};

/**
 * Claims up to `limit` due runs in one statement, best first: effective
 * priority (already aged, see age-queued-runs.ts), then availableAt, then id.
 * Each claimed run gets its own claim token, the fencing token every later
 * update of the run is guarded by.
 *
 * Why it is safe under concurrency:
 * - PostgreSQL: candidates are locked with FOR UPDATE SKIP LOCKED, so two
 *   workers never pick the same row and never wait on each other; the UPDATE
 *   re-checks status = 'queued'.
 * - SQLite: the statement is a single write; SQLite runs one writer at a time,
 *   so the subquery and the update see the same state.
 *
 * Overlap: a run whose task is at its concurrency (1 unless overlap = 'allow',
 * then maxInstances) is not a candidate. Two runs of one task inside the same
 * batch: on PostgreSQL with an actor the statement ranks the candidates per
 * task and leaves those past the task's room unclaimed (locked, not updated,
 * released at commit); otherwise the caller gives them back (loadClaimedRuns).
 *
 * PostgreSQL with an actor: the claim is the start in full — one statement
 * claims, records run.started for each claimed run (a data-modifying CTE of
 * the same statement, so the event exists exactly when the claim does) and
 * returns the task columns, so a claimed run reaches its handler after one
 * round trip.
 */
export async function claimRuns(options: ClaimRunsOptions): Promise<ClaimedRun[]> {
  if (options.limit <= 0) return [];
  const provider = dialect(options.db);
  const now = options.now ?? new Date();
  const lease = new Date(now.getTime() + options.leaseSeconds * 1000);
  const tokenPrefix = randomUUID();
  const overlapOk = `(SELECT count(*) FROM "Run" x WHERE x."taskId" = r."taskId" AND x.status = 'running')
          < CASE WHEN t.overlap = 'allow' THEN t."maxInstances" ELSE 1 END`;
  const order = 'ORDER BY r.priority DESC, r."availableAt" ASC, r.id ASC';
  const set = `status = 'running', "workerId" = $1, "claimToken" = $2 || '.' || "Run".id,
       "claimedAt" = $3, "startedAt" = $3, "leaseExpiresAt" = $4`;
  // PostgreSQL: the candidates are a CTE so they are selected (and locked) exactly once.
  // Written as `id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)`, the planner may
  // re-run the subquery, each time skipping the rows it just locked, and claim far
  // more than n runs.
  const returning = ['id', '"claimToken"', '"taskId"', 'attempt', 'priority', '"availableAt"'];
  const params: unknown[] = [options.workerId, tokenPrefix, ts(provider, now), ts(provider, lease), options.limit];
  let sql: string;
  if (provider === 'postgresql' && options.actor) {
    params.push(options.actor.type, options.actor.id ?? null, options.actor.name);
    const taskCols = CLAIMED_TASK_COLUMNS.map((c) => `t."${c}" AS "task_${c}"`).join(', ');
    sql = `WITH candidates AS (
           SELECT r.id, r."taskId", r.priority, r."availableAt" FROM "Run" r JOIN "Task" t ON t.id = r."taskId"
           WHERE r.status = 'queued' AND r."availableAt" <= $3 AND ${overlapOk}
           ${order} LIMIT $5 FOR UPDATE OF r SKIP LOCKED),
         ranked AS (
           SELECT c.id,
             row_number() OVER (PARTITION BY c."taskId" ORDER BY c.priority DESC, c."availableAt" ASC, c.id ASC) AS n,
             CASE WHEN t.overlap = 'allow' THEN t."maxInstances" ELSE 1 END
               - (SELECT count(*) FROM "Run" x WHERE x."taskId" = c."taskId" AND x.status = 'running') AS room
           FROM candidates c JOIN "Task" t ON t.id = c."taskId"),
         claimed AS (
           UPDATE "Run" SET ${set}
           FROM ranked, "Task" t
           WHERE "Run".id = ranked.id AND ranked.n <= ranked.room AND "Run".status = 'queued' AND t.id = "Run"."taskId"
           RETURNING ${returning.map((c) => `"Run".${c}`).join(', ')}, ${taskCols}),
         started AS (
           INSERT INTO "Event" (type, at, "actorType", "actorId", "actorName", "taskId", "taskKey", "runId", payload)
           SELECT 'run.started', $3::timestamp(3), $6::text, $7::text, $8::text, c."taskId", c."task_key", c.id,
                  jsonb_build_object('attempt', c.attempt)
           FROM claimed c ORDER BY c.id)
         SELECT * FROM claimed`;
  } else {
    sql =
      provider === 'postgresql'
        ? `WITH candidates AS (
           SELECT r.id FROM "Run" r JOIN "Task" t ON t.id = r."taskId"
           WHERE r.status = 'queued' AND r."availableAt" <= $3 AND ${overlapOk}
           ${order} LIMIT $5 FOR UPDATE OF r SKIP LOCKED)
         UPDATE "Run" SET ${set}
         FROM candidates WHERE "Run".id = candidates.id AND "Run".status = 'queued'
         RETURNING ${returning.map((c) => `"Run".${c}`).join(', ')}`
        : `UPDATE "Run" SET ${set}
         WHERE status = 'queued' AND id IN (
           SELECT r.id FROM "Run" r JOIN "Task" t ON t.id = r."taskId"
           WHERE r.status = 'queued' AND r."availableAt" <= $3 AND ${overlapOk}
           ${order} LIMIT $5)
         RETURNING ${returning.join(', ')}`;
  }
  type Row = { id: number; claimToken: string; taskId: number; attempt: number; priority: number; availableAt: unknown } & Record<string, unknown>;
  const rows = await runPlan(options.db, () => sqlQuery<Row>(sql, params), { transaction: false });
  const withTask = provider === 'postgresql' && options.actor !== undefined;
  return rows.map((r) => ({
    id: Number(r.id),
    claimToken: r.claimToken,
    taskId: Number(r.taskId),
    attempt: Number(r.attempt),
    priority: Number(r.priority),
    availableAt: readTs(r.availableAt) ?? now,
    startedAt: now,
    ...(withTask ? { task: taskOf(r) } : {}),
  }));
}

function taskOf(row: Record<string, unknown>): ClaimedTask {
  const task: Record<string, unknown> = { id: Number(row.taskId) };
  for (const c of CLAIMED_TASK_COLUMNS) task[c] = row[`task_${c}`] ?? null;
  return task as ClaimedTask;
}
