/**
 * Keyset pagination's page, for a query that asked for one row more than the
 * page (`take: limit + 1`): the page's rows mapped to their view, and the
 * cursor of the next page (the last row's id) only when that extra row came.
 * Used by the runs and events lists (never OFFSET).
 */
export interface KeysetPage<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: number | null;
}

export function keysetPage<R extends { id: number }, T>(rows: R[], limit: number, toView: (row: R) => T): KeysetPage<T> {
  const page = rows.slice(0, limit);
  return { items: page.map(toView), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
