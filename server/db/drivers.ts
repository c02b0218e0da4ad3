import type BetterSqlite3 from 'better-sqlite3';
import type Pg from 'pg';

/**
 * The database drivers, loaded on first use and only for the provider in use:
 * a PostgreSQL process never loads better-sqlite3 (a native addon) and a
 * SQLite process never loads `pg`. openDatabase loads its provider's driver,
 * so code that runs on an opened database (server/queue/plan.ts) can take it
 * synchronously. On globalThis for the same reason as client.ts's providers
 * (the Next.js server bundles a module into more than one chunk).
 */
interface Drivers {
  pg?: typeof Pg;
  sqlite?: typeof BetterSqlite3;
}
const store = globalThis as unknown as { __cronboardDrivers?: Drivers };
const drivers = (store.__cronboardDrivers ??= {});

export async function loadPg(): Promise<typeof Pg> {
  return (drivers.pg ??= (await import('pg')).default);
}

export async function loadBetterSqlite3(): Promise<typeof BetterSqlite3> {
  return (drivers.sqlite ??= (await import('better-sqlite3')).default);
}

/** `pg`, loaded by openDatabase for a PostgreSQL database. */
export function pgDriver(): typeof Pg {
  if (!drivers.pg) throw new Error('pg is not loaded: open a PostgreSQL database first (openDatabase)');
  return drivers.pg;
}

/** better-sqlite3, loaded by openDatabase for a SQLite database. */
export function betterSqlite3Driver(): typeof BetterSqlite3 {
  if (!drivers.sqlite) throw new Error('better-sqlite3 is not loaded: open a SQLite database first (openDatabase)');
  return drivers.sqlite;
}

/**
 * Startup options of every PostgreSQL connection Cronboard opens (Prisma's pool
 * and the worker's direct pool): JIT compilation off. Cronboard's statements
 * are short OLTP ones, but multi-row statements whose row estimates are high
 * (a tick queueing 100 runs from a VALUES list) cost above `jit_above_cost`,
 * and compiling them took 2.3 s of a 2.4 s statement on this 2-core machine:
 * the midnight herd queued 40 tasks a second (docs/benchmarks.md). An
 * `options` parameter in DATABASE_URL replaces this one.
 */
export const PG_SESSION_OPTIONS = '-c jit=off';
