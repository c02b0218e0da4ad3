import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { runPlan, sqlQuery } from './plan';
import { dialect, readTs, ts } from './sql';

export interface ClaimRunsOptions {
  db: Db;
  workerId: string;
  /** Free slots: never claim more. */
  limit: number;
  leaseSeconds: number;
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
}

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
 * batch are caught by the caller (releaseExtraClaims).
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
  const sql =
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
  type Row = { id: number; claimToken: string; taskId: number; attempt: number; priority: number; availableAt: unknown };
  const params = [options.workerId, tokenPrefix, ts(provider, now), ts(provider, lease), options.limit];
  const rows = await runPlan(options.db, () => sqlQuery<Row>(sql, params), { transaction: false });
  return rows.map((r) => ({
    id: Number(r.id),
    claimToken: r.claimToken,
    taskId: Number(r.taskId),
    attempt: Number(r.attempt),
    priority: Number(r.priority),
    availableAt: readTs(r.availableAt) ?? now,
    startedAt: now,
  }));
}
