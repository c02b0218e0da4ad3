import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Db } from '../db/client';
import { betterSqlite3Driver, PG_SESSION_OPTIONS, pgDriver } from '../db/drivers';
import { providerOf } from '../db/client';
import { parseDatabaseUrl, type Provider } from '../db/url';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { bind } from './sql';

/**
 * A queue operation written once for both providers and both ways of running
 * SQL: a generator that yields its statements ($1 placeholders) and gets each
 * one's rows (query) or changed-row count (execute) back.
 *
 * - SQLite worker (a direct better-sqlite3 connection attached, see
 *   attachDirect): the whole plan runs SYNCHRONOUSLY inside one
 *   `BEGIN IMMEDIATE` transaction with cached prepared statements. No await
 *   happens inside it, so nothing else in the process can interleave with it,
 *   and the Prisma client runtime (~10 ms of CPU per run before, see
 *   docs/benchmarks.md) is not on the hot path.
 * - PostgreSQL worker: the same statements on a direct `pg` pool, in one
 *   BEGIN … COMMIT on one pooled connection.
 * - Otherwise (no direct connection: the app, the CLI, tests): each
 *   statement goes through Prisma's raw API in one interactive transaction
 *   (the write lock taken first on SQLite).
 * - Inside a caller's Prisma transaction (a board move that also queues a
 *   run): runPlanInTransaction, on that transaction's client.
 *
 * Every SQL operation of server/queue/ is a plan run by one of these; nothing
 * there sends SQL another way.
 */
export interface SqlStep {
  kind: 'query' | 'execute' | 'script';
  sql: string;
  params: unknown[];
  /** kind 'script': the statements, in order (sql is them joined). */
  statements?: string[];
}
export type Plan<T> = Generator<SqlStep, T, unknown>;

export function* sqlQuery<T>(sql: string, params: unknown[] = []): Generator<SqlStep, T[], unknown> {
  return (yield { kind: 'query', sql, params }) as T[];
}

export function* sqlExecute(sql: string, params: unknown[] = []): Generator<SqlStep, number, unknown> {
  return (yield { kind: 'execute', sql, params }) as number;
}

/**
 * Several statements in ONE transaction, each with a fresh READ COMMITTED
 * snapshot, in one round trip on the worker's direct PostgreSQL pool: the
 * parameters are inlined as quoted literals and the statements sent as one
 * simple-protocol string, which PostgreSQL runs as one implicit transaction
 * (rolled back whole on an error; transaction-level advisory locks and
 * `set_config(..., true)` last until its end). Gets the rows of the last
 * statement. Elsewhere (Prisma's path) the statements run one by one, with
 * their parameters, in one transaction. PostgreSQL only.
 */
export function* sqlScript<T>(statements: string[], params: unknown[] = []): Generator<SqlStep, T[], unknown> {
  return (yield { kind: 'script', sql: statements.join(';\n'), statements, params }) as T[];
}

interface DirectSqlite {
  kind: 'sqlite';
  conn: Database.Database;
  statements: Map<string, Database.Statement>;
  users: number;
  close(): void;
}
interface DirectPg {
  kind: 'postgresql';
  pool: pg.Pool;
  users: number;
  close(): void;
}
type Direct = DirectSqlite | DirectPg;
const direct = new WeakMap<Db, Direct>();
const STATEMENT_CACHE = 256;
/** As long as the Prisma connection waits for a competing writer (SQLITE_BUSY_TIMEOUT_MS). */
const BUSY_DEADLINE_MS = 10_000;
/** PostgreSQL `timestamp` (without time zone) holds UTC here, as Prisma writes it; read it as UTC. */
const PG_TIMESTAMP_OID = 1114;
function parseUtcTimestamp(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}
const pgTypes = (types: typeof pg.types): pg.CustomTypesConfig => ({
  getTypeParser: ((oid: number, format?: string): ((text: string) => unknown) =>
    oid === PG_TIMESTAMP_OID && format !== 'binary'
      ? parseUtcTimestamp
      : (types.getTypeParser(oid) as (text: string) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
});

/**
 * Opens direct connections for the worker's queue hot path, beside Prisma's:
 *
 * - SQLite: a second better-sqlite3 connection to the file. Its busy timeout
 *   is 0 and a busy database is retried asynchronously (runPlan), never by
 *   blocking the thread: the same process's Prisma connection may hold the
 *   write lock in an interactive transaction that needs the event loop.
 * - PostgreSQL: a small `pg` pool (the statements are the same SQL Prisma's
 *   raw API would send, without its per-query runtime).
 *
 * Returns the detach function (reference-counted per Prisma client).
 */
export function attachDirect(db: Db, url: string, options: { poolSize?: number } = {}): () => void {
  let entry = direct.get(db);
  if (!entry) {
    if (providerOf(db) === 'sqlite') {
      const Database = betterSqlite3Driver();
      const conn = new Database(parseDatabaseUrl(url).file, { timeout: 0 });
      conn.pragma('journal_mode = WAL');
      conn.pragma('foreign_keys = ON');
      entry = { kind: 'sqlite', conn, statements: new Map(), users: 0, close: () => conn.close() };
    } else {
      const pg = pgDriver();
      const pool = new pg.Pool({
        connectionString: url,
        max: options.poolSize ?? 4,
        options: PG_SESSION_OPTIONS,
        connectionTimeoutMillis: 5_000,
        idleTimeoutMillis: 30_000,
        types: pgTypes(pg.types),
      });
      // A dropped idle connection (database restart) must not crash the worker; the next query reconnects.
      pool.on('error', () => undefined);
      entry = { kind: 'postgresql', pool, users: 0, close: () => void pool.end().catch(() => undefined) };
    }
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
    e.close();
  };
}

/**
 * SQLite's `PRAGMA data_version` on the worker's direct connection: it changes
 * whenever ANOTHER connection (the web app, the CLI, another worker, this
 * process's Prisma) commits to the file, never for this connection's own
 * writes. A few microseconds, no I/O beyond a shared-memory read in WAL mode.
 * Null without a direct SQLite connection.
 */
export function sqliteDataVersion(db: Db): number | null {
  const d = direct.get(db);
  if (d?.kind !== 'sqlite') return null;
  let stmt = d.statements.get(DATA_VERSION);
  if (!stmt) {
    stmt = d.conn.prepare(DATA_VERSION).pluck();
    d.statements.set(DATA_VERSION, stmt);
  }
  return Number(stmt.get());
}
const DATA_VERSION = 'PRAGMA data_version';

/** A Prisma interactive transaction's client (what writeTransaction passes). */
export type Tx = WriteTx;
type Runner = Pick<Db, '$queryRawUnsafe' | '$executeRawUnsafe'>;

/**
 * Runs a plan in one transaction (see Plan). `factory` is called again when a
 * busy SQLite database is retried. `transaction: false` (a single statement):
 * no BEGIN/COMMIT round trips on the Prisma path; a plan of one sqlScript on direct PostgreSQL is then one round trip (the script is its own transaction).
 */
export async function runPlan<T>(db: Db, factory: () => Plan<T>, options: { transaction?: boolean } = {}): Promise<T> {
  const provider = providerOf(db);
  const d = direct.get(db);
  if (d?.kind === 'sqlite') return runDirect(d, factory);
  if (d?.kind === 'postgresql') return runPg(d, factory, options.transaction !== false);
  if (options.transaction === false) return drive(factory(), prismaStep(db, provider, db));
  return writeTransaction(db, (tx) => drive(factory(), prismaStep(tx, provider)));
}

/**
 * Runs a plan inside a transaction the caller holds (its commit or rollback
 * covers the plan's statements too). The caller took the write lock first.
 */
export async function runPlanInTransaction<T>(tx: Tx, provider: Provider, plan: Plan<T>): Promise<T> {
  return drive(plan, prismaStep(tx, provider));
}

/** `outside`: the runner is not in a transaction (a script then opens one). */
function prismaStep(runner: Runner, provider: Provider, outside?: Db) {
  return async (step: SqlStep): Promise<unknown> => {
    if (step.kind === 'script') {
      const statements = step.statements ?? [step.sql];
      const all = (r: Runner) => async () => {
        let rows: unknown = [];
        for (const sql of statements) rows = await r.$queryRawUnsafe(inlineParams(sql, step.params));
        return rows;
      };
      return outside ? writeTransaction(outside, (tx) => all(tx)()) : all(runner)();
    }
    const [sql, args] = bind(provider, step.sql, step.params);
    return step.kind === 'query' ? runner.$queryRawUnsafe(sql, ...args) : runner.$executeRawUnsafe(sql, ...args);
  };
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

async function runPg<T>(d: DirectPg, factory: () => Plan<T>, transaction: boolean): Promise<T> {
  const run = (client: pg.Pool | pg.PoolClient) => async (s: SqlStep) => {
    if (s.kind === 'script') {
      // No values: pg sends it with the simple protocol, all statements in one message.
      const results = (await client.query(inlineParams(s.sql, s.params))) as unknown as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(results) ? results[results.length - 1]! : results).rows as unknown[];
    }
    const result = await client.query(s.sql, s.params.map(toPg));
    return s.kind === 'query' ? result.rows : (result.rowCount ?? 0);
  };
  if (!transaction) return drive(factory(), run(d.pool));
  const client = await d.pool.connect();
  // A checked-out client has no listener of the pool's: a connection killed
  // mid-transaction (server restart, pg_terminate_backend) would emit an
  // unhandled 'error' and crash the worker. The failed query rejects anyway.
  const onError = () => undefined;
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const value = await drive(factory(), run(client));
    await client.query('COMMIT');
    client.off('error', onError);
    client.release();
    return value;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(err instanceof Error ? err : true);
    throw err;
  }
}

/**
 * `$n` placeholders replaced by quoted literals (pg's escapeLiteral), for a
 * script sent without parameters. The SQL of server/queue/ has no `$` in
 * its own string literals.
 */
function inlineParams(sql: string, params: unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = toPg(params[Number(n) - 1]);
    if (value === null) return 'NULL';
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    return pgDriver().escapeLiteral(typeof value === 'string' ? value : JSON.stringify(value));
  });
}

/** Dates as UTC text: the columns are `timestamp` without time zone holding UTC. */
function toPg(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
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
