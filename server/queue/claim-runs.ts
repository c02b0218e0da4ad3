import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import type { Provider } from '../db/url';
import { runPlan, sqlQuery, type Plan } from './plan';
import { readTs, ts } from './sql';

export interface ClaimRunsOptions {
  db: Db;
  workerId: string;
  /** Free slots: never claim more. */
  limit: number;
  leaseSeconds: number;
  /**
   * Runs this worker has finished whose finish is not recorded yet (the
   * completion queue flushes in batches): they no longer occupy their task,
   * so they do not count against its overlap room. Without this, a worker
   * that just finished an urgent run of an overlap-`queue` task saw that task
   * busy and gave the slot to a lower priority (issue 14 item 1a).
   */
  finishedRunIds?: number[];
  now?: Date;
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
  /** The run's own payload (Run now's override), else null: the executor then uses the task's. */
  payload: unknown;
  /** The event an event-triggered run was queued for, else null. */
  eventId: number | null;
}

/** The task columns a claim hands to the executor (see claim-and-start-runs.ts). */
export const CLAIMED_TASK_COLUMNS = [
  'key',
  'kind',
  'command',
  'httpMethod',
  'httpUrl',
  'httpHeaders',
  'httpBody',
  'handler',
  'scriptBody',
  'scriptInterpreter',
  'payload',
  'cwd',
  'env',
  'timeoutSeconds',
  'overlap',
  'maxInstances',
  'status',
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
  scriptBody: string | null;
  scriptInterpreter: string | null;
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
 * update of the run is guarded by. The worker claims with claimAndStartRuns,
 * which is this claim plus what the executor needs.
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
 * batch both pass that check; claimAndStartRuns keeps only those within the
 * task's room. Across workers on PostgreSQL the count of this one statement
 * can predate another worker's committed claim: only claimAndStartRuns (the
 * worker's claim) takes the per-task locks that close that race.
 */
export async function claimRuns(options: ClaimRunsOptions): Promise<ClaimedRun[]> {
  if (options.limit <= 0) return [];
  const provider = providerOf(options.db);
  const now = options.now ?? new Date();
  return runPlan(options.db, () => claimPlan(provider, options, now), { transaction: false });
}

/** The claim statement (see claimRuns). */
export function* claimPlan(provider: Provider, options: Omit<ClaimRunsOptions, 'db'>, now: Date): Plan<ClaimedRun[]> {
  const c = claimSql(provider, options, now);
  // PostgreSQL: the candidates are a CTE so they are selected (and locked)
  // exactly once. Written as `id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)`,
  // the planner may re-run the subquery, each time skipping the rows it just
  // locked, and claim far more than n runs.
  const sql =
    provider === 'postgresql'
      ? `WITH candidates AS (
           SELECT r.id FROM "Run" r JOIN "Task" t ON t.id = r."taskId"
           WHERE ${c.due} ${c.order} LIMIT $5 FOR UPDATE OF r SKIP LOCKED)
         UPDATE "Run" SET ${c.set}
         FROM candidates WHERE "Run".id = candidates.id AND "Run".status = 'queued'
         RETURNING ${CLAIM_RETURNING.map((col) => `"Run".${col}`).join(', ')}`
      : `UPDATE "Run" SET ${c.set}
         WHERE status = 'queued' AND id IN (
           SELECT r.id FROM "Run" r JOIN "Task" t ON t.id = r."taskId"
           WHERE ${c.due} ${c.order} LIMIT $5)
         RETURNING ${CLAIM_RETURNING.join(', ')}`;
  const rows = yield* sqlQuery<Record<string, unknown>>(sql, c.params);
  return rows.map((r) => claimedRunOf(r, now));
}

export const CLAIM_RETURNING = ['id', '"claimToken"', '"taskId"', 'attempt', 'priority', '"availableAt"', 'payload', '"eventId"'];

/** The integers of a JSON array parameter, as a subquery (one statement text whatever their number). */
export function idsOf(provider: Provider, placeholder: string): string {
  return provider === 'postgresql'
    ? `SELECT (jsonb_array_elements_text(${placeholder}::jsonb))::int`
    : `SELECT value FROM json_each(${placeholder})`;
}

/** The runs of task `taskIdSql` that occupy it: running, less this worker's finished ones (JSON ids at `finished`). */
export function runningOf(provider: Provider, taskIdSql: string, finished: string): string {
  return `(SELECT count(*) FROM "Run" x WHERE x."taskId" = ${taskIdSql} AND x.status = 'running'
            AND x.id NOT IN (${idsOf(provider, finished)}))`;
}

/** How many runs of task `t` may run at once. */
export const TASK_ROOM = `CASE WHEN t.overlap = 'allow' THEN t."maxInstances" ELSE 1 END`;

/** Run r is due at `now` and its task t below its concurrency (this worker's `finished` runs not counted). */
export function dueSql(provider: Provider, now: string, finished: string): string {
  return `r.status = 'queued' AND r."availableAt" <= ${now} AND ${runningOf(provider, 'r."taskId"', finished)} < ${TASK_ROOM}`;
}

/**
 * The pieces both claims share. Params: $1 worker, $2 token prefix, $3 now,
 * $4 lease end, $5 limit, $6 the worker's finished run ids (JSON).
 */
export function claimSql(provider: Provider, options: Omit<ClaimRunsOptions, 'db'>, now: Date) {
  const lease = new Date(now.getTime() + options.leaseSeconds * 1000);
  const finished = JSON.stringify(options.finishedRunIds ?? []);
  return {
    params: [options.workerId, randomUUID(), ts(provider, now), ts(provider, lease), options.limit, finished] as unknown[],
    /** Due, and its task below its concurrency. */
    due: dueSql(provider, '$3', '$6'),
    order: 'ORDER BY r.priority DESC, r."availableAt" ASC, r.id ASC',
    set: `status = 'running', "workerId" = $1, "claimToken" = $2 || '.' || "Run".id,
          "claimedAt" = $3, "startedAt" = $3, "leaseExpiresAt" = $4`,
  };
}

export function claimedRunOf(r: Record<string, unknown>, now: Date): ClaimedRun {
  return {
    id: Number(r.id),
    claimToken: String(r.claimToken),
    taskId: Number(r.taskId),
    attempt: Number(r.attempt),
    priority: Number(r.priority),
    availableAt: readTs(r.availableAt) ?? now,
    startedAt: now,
    // JSON columns come back as text on SQLite.
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : (r.payload ?? null),
    eventId: r.eventId === null || r.eventId === undefined ? null : Number(r.eventId),
  };
}
