import Database from 'better-sqlite3';
import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import { parseDatabaseUrl, type Provider } from '../db/url';
import { lockForWrite } from '../db/write-lock';
import { bind, executeIn, queryIn } from './sql';

/**
 * A queue operation written once for both providers and both ways of running
 * SQL: a generator that yields its statements ($1 placeholders) and gets each
 * one's rows (query) or changed-row count (execute) back.
 *
 * - SQLite worker (a direct better-sqlite3 connection attached, see
 *   attachDirectSqlite): the whole plan runs SYNCHRONOUSLY inside one
 *   `BEGIN IMMEDIATE` transaction with cached prepared statements. No await
 *   happens inside it, so nothing else in the process can interleave with it,
 *   and the Prisma client runtime (~10 ms of CPU per run before, see
 *   docs/benchmarks.md) is not on the hot path.
 * - Otherwise (PostgreSQL, or SQLite without a direct connection): each
 *   statement goes through Prisma's raw API in one interactive transaction
 *   (the write lock taken first on SQLite).
 */
export interface SqlStep {
  kind: 'query' | 'execute';
  sql: string;
  params: unknown[];
}
export type Plan<T> = Generator<SqlStep, T, unknown>;

export function* sqlQuery<T>(sql: string, params: unknown[] = []): Generator<SqlStep, T[], unknown> {
  return (yield { kind: 'query', sql, params }) as T[];
}

export function* sqlExecute(sql: string, params: unknown[] = []): Generator<SqlStep, number, unknown> {
  return (yield { kind: 'execute', sql, params }) as number;
}

interface DirectSqlite {
  conn: Database.Database;
  statements: Map<string, Database.Statement>;
  users: number;
}
const direct = new WeakMap<Db, DirectSqlite>();
const STATEMENT_CACHE = 256;
/** As long as the Prisma connection waits for a competing writer (SQLITE_BUSY_TIMEOUT_MS). */
const BUSY_DEADLINE_MS = 10_000;

/**
 * Opens a second, direct better-sqlite3 connection to the worker's SQLite file
 * for the queue's hot path. Its busy timeout is 0 and a busy database is
 * retried asynchronously (runPlan), never by blocking the thread: the same
 * process's Prisma connection may hold the write lock in an interactive
 * transaction that needs the event loop to finish. Returns the detach function.
 */
export function attachDirectSqlite(db: Db, url: string): () => void {
  if (providerOf(db) !== 'sqlite') return () => undefined;
  let entry = direct.get(db);
  if (!entry) {
    const conn = new Database(parseDatabaseUrl(url).file, { timeout: 0 });
    conn.pragma('journal_mode = WAL');
    conn.pragma('foreign_keys = ON');
    entry = { conn, statements: new Map(), users: 0 };
    direct.set(db, entry);
  }
  entry.users += 1;
  let detached = false;
  return () => {
    if (detached) return;
    detached = true;
    const e = direct.get(db);
    if (!e || --e.users > 0) return;
    direct.delete(db);
    e.conn.close();
  };
}

/**
 * Runs a plan in one transaction (see Plan). `factory` is called again when a
 * busy SQLite database is retried. `transaction: false` (a single statement):
 * no BEGIN/COMMIT round trips on the Prisma path.
 */
export async function runPlan<T>(db: Db, factory: () => Plan<T>, options: { transaction?: boolean } = {}): Promise<T> {
  const provider = providerOf(db);
  const d = direct.get(db);
  if (d) return runDirect(d, factory);
  if (options.transaction === false) {
    return drive(factory(), (step) =>
      step.kind === 'query' ? queryIn(db, provider, step.sql, ...step.params) : executeIn(db, provider, step.sql, ...step.params),
    );
  }
  return db.$transaction(async (tx) => {
    await lockForWrite(tx, provider);
    return drive(factory(), (step) =>
      step.kind === 'query' ? queryIn(tx, provider, step.sql, ...step.params) : executeIn(tx, provider, step.sql, ...step.params),
    );
  });
}

async function drive<T>(plan: Plan<T>, run: (step: SqlStep) => Promise<unknown>): Promise<T> {
  let next = plan.next();
  while (!next.done) next = plan.next(await run(next.value));
  return next.value;
}

async function runDirect<T>(d: DirectSqlite, factory: () => Plan<T>): Promise<T> {
  const deadline = Date.now() + BUSY_DEADLINE_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      return d.conn
        .transaction(() => {
          const plan = factory();
          let next = plan.next();
          while (!next.done) next = plan.next(step(d, 'sqlite', next.value));
          return next.value;
        })
        .immediate();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function step(d: DirectSqlite, provider: Provider, s: SqlStep): unknown {
  const [sql, params] = bind(provider, s.sql, s.params);
  let stmt = d.statements.get(sql);
  if (!stmt) {
    if (d.statements.size >= STATEMENT_CACHE) d.statements.clear();
    stmt = d.conn.prepare(sql);
    d.statements.set(sql, stmt);
  }
  const args = params.map(toSqlite);
  if (s.kind === 'query') return stmt.reader ? stmt.all(...args) : (stmt.run(...args), []);
  return stmt.run(...args).changes;
}

function toSqlite(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  return value;
}

/** True when the queue runs on a direct SQLite connection for this client. */
export function hasDirectSqlite(db: Db): boolean {
  return direct.has(db);
}
