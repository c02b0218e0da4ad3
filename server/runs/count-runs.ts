import type { Db } from '../db';
import { RUN_STATUSES, type RunStatus } from '../tasks/constants';
import { runWhere } from './run-where';
import type { RunFilters } from './schemas';

export interface CountRunsOptions {
  db: Db;
  /** The table's other filters; the status filter is ignored (the counts are the status choices). */
  filters?: RunFilters;
}

/** How many runs have each status (every status present, zero when none), and the total. */
export async function countRuns(options: CountRunsOptions): Promise<{ byStatus: Record<RunStatus, number>; total: number }> {
  const groups = await options.db.run.groupBy({
    by: ['status'],
    where: runWhere(options.filters ?? {}, { withStatus: false }),
    _count: { _all: true },
  });
  const byStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  let total = 0;
  for (const g of groups) {
    total += g._count._all;
    if (g.status in byStatus) byStatus[g.status as RunStatus] = g._count._all;
  }
  return { byStatus, total };
}
