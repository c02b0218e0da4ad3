import type { Db } from '../db';
import { keysetPage } from '../db/keyset-page';
import { runRowInclude, toRunListItem, type RunListItem } from './run-row';
import { firstStderrLines } from './first-stderr-line';
import { runWhere } from './run-where';
import type { RunFilters } from './schemas';

export interface RunPage {
  /** With `stderrLine` when asked for (ListRunsOptions.stderrLines). */
  items: (RunListItem & { stderrLine?: string | null })[];
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
  /** Give each run that did not succeed the first line of its stderr (`stderrLine`, null when it wrote none): the runs table's Error column. */
  stderrLines?: boolean;
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
  const page = keysetPage(rows, limit, toRunListItem);
  if (!options.stderrLines) return page;
  const unsuccessful = page.items.filter((r) => r.finished && r.status !== 'succeeded').map((r) => r.id);
  const lines = await firstStderrLines(options.db, unsuccessful);
  return { ...page, items: page.items.map((r) => ({ ...r, stderrLine: lines.get(r.id) ?? null })) };
}
