import type Database from 'better-sqlite3';
import { providerOf, type Db } from './client';
import { queryRows } from './query-rows';

/**
 * SQLite keeps no planner statistics until ANALYZE runs, and without them the
 * worker's claim picks a slow plan once a backlog builds up (docs/benchmarks.md:
 * ~360 ms per claim of 10 with 2,000 queued runs, ~1 ms with statistics).
 * `PRAGMA optimize` analyzes the tables that have no statistics or whose size
 * changed a lot since (0x10000: every table, not only those this connection
 * used; 0x02: run ANALYZE where it helps), bounded by analysis_limit so it
 * stays in milliseconds on big tables. PostgreSQL's autovacuum does this itself.
 */
const OPTIMIZE = 'PRAGMA optimize=0x10002';
const ANALYSIS_LIMIT = 'PRAGMA analysis_limit=1000';

/** After migrating (the migration's own connection). */
export function optimizeSqliteFile(sqlite: Database.Database): void {
  sqlite.exec(`${ANALYSIS_LIMIT}; ${OPTIMIZE}`);
}

/** Periodically from the worker; nothing on PostgreSQL. */
export async function optimizeDatabase(db: Db): Promise<void> {
  if (providerOf(db) !== 'sqlite') return;
  // Straight to the driver (query-rows.ts): a worker's first pass runs this before its first claim.
  await queryRows(db, ANALYSIS_LIMIT);
  await queryRows(db, OPTIMIZE);
}
