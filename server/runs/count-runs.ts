import { providerOf, type Db } from '../db';
import { bind } from '../queue/sql';
import { RUN_STATUSES, type RunStatus } from '../tasks/constants';
import { runWhereSql } from './run-where';
import type { RunFilters } from './schemas';

/** Where the runs page stops counting: past it a count shows as "10,000+" (issue 16: exact counts of a million runs took 1.4 s a load). */
export const RUN_COUNT_LIMIT = 10_000;

export interface CountRunsOptions {
  db: Db;
  /** The table's other filters; the status filter is ignored (the counts are the status choices). */
  filters?: RunFilters;
  /** Stop counting at this many (default RUN_COUNT_LIMIT). */
  limit?: number;
}

export interface RunCounts {
  /** Runs of each status (every status present, zero when none), exact below `limit`. */
  byStatus: Record<RunStatus, number>;
  /** All of them: exact below `limit`. */
  total: number;
  /** A count equal to this means "this many or more": counting stopped there. */
  limit: number;
}

/**
 * How many runs have each status, and the total, each counted only up to
 * `limit` (one statement, a bounded count per status over the (status, …)
 * and (taskId, status, …) indexes), so the cost of a runs page stays flat as
 * history grows. A count that reached the
 * limit is `limit` ("10,000+"); the total then is too (it is at least that).
 */
export async function countRuns(options: CountRunsOptions): Promise<RunCounts> {
  const limit = options.limit ?? RUN_COUNT_LIMIT;
  const provider = providerOf(options.db);
  const params: unknown[] = [];
  const conditions = runWhereSql(options.filters ?? {}, provider, params);
  // One statement: a count per status, each over at most `limit` index entries.
  const columns = RUN_STATUSES.map((status) => {
    const where = [`status = '${status}'`, ...conditions].join(' AND ');
    return `(SELECT COUNT(*) FROM (SELECT 1 FROM "Run" WHERE ${where} LIMIT ${Math.floor(limit)}) AS s) AS "${status}"`;
  });
  const [sql, values] = bind(provider, `SELECT ${columns.join(', ')}`, params);
  const [row] = await options.db.$queryRawUnsafe<Record<RunStatus, number | bigint>[]>(sql, ...values);
  const counts = RUN_STATUSES.map((status) => Number(row?.[status] ?? 0));
  const byStatus = Object.fromEntries(RUN_STATUSES.map((s, i) => [s, counts[i]!])) as Record<RunStatus, number>;
  const sum = counts.reduce((a, b) => a + b, 0);
  return { byStatus, total: Math.min(sum, limit), limit };
}

