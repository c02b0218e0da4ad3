import type { Db } from '../db';
import { keysetPage } from '../db/keyset-page';
import { runRowInclude, toRunListItem, type RunListItem } from './run-row';
import { runWhere } from './run-where';
import type { RunFilters } from './schemas';

export interface RunPage {
  items: RunListItem[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: number | null;
}

export interface ListRunsOptions {
  db: Db;
  filters?: RunFilters;
  /** The last id of the previous page. */
  cursor?: number | null;
  /** Default 50. */
  limit?: number;
}

/**
 * Runs newest first (by id, which is insertion order), filtered, one page at a
 * time. Keyset pagination on the primary key (`id < cursor`), never OFFSET, so
 * page 2,000 costs what page 1 does.
 */
export async function listRuns(options: ListRunsOptions): Promise<RunPage> {
  const limit = Math.min(options.limit ?? 50, 500);
  const where = runWhere(options.filters ?? {}, { withStatus: true });
  const rows = await options.db.run.findMany({
    where: options.cursor ? { AND: [where, { id: { lt: options.cursor } }] } : where,
    orderBy: { id: 'desc' },
    take: limit + 1,
    include: runRowInclude,
  });
  return keysetPage(rows, limit, toRunListItem);
}
