import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UmzugStorage } from 'umzug';
import { AppError } from '../errors';
import { projectRoot } from '../lib/paths';
import { SQLITE_BUSY_TIMEOUT_MS } from './client';
import { loadBetterSqlite3, loadPg } from './drivers';
import { optimizeSqliteFile } from './optimize';
import { ensureSqliteDirectory, parseDatabaseUrl, redactUrl, type Provider } from './url';

/**
 * Applies the committed SQL migrations (prisma/<provider>/migrations/<name>/migration.sql)
 * in name order, each exactly once, recording them in `_cronboard_migrations`.
 *
 * Why it is safe when several processes start at once: all pending migrations
 * run inside ONE transaction that first takes an exclusive lock —
 * `BEGIN IMMEDIATE` on SQLite (a single writer; the others wait on the busy
 * timeout), `pg_advisory_xact_lock` on PostgreSQL. The losers then see the
 * migrations recorded and do nothing. A failing migration rolls the whole
 * transaction back, so the database is left exactly as it was.
 */
export const MIGRATIONS_TABLE = '_cronboard_migrations';
/** Arbitrary constant key for the PostgreSQL advisory lock ("cronboard" in ASCII-ish). */
const PG_LOCK_KEY = 7_242_013_337;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  provider: Provider;
  applied: string[];
  alreadyApplied: number;
}

export function migrationsDirFor(provider: Provider): string {
  return join(projectRoot(), 'prisma', provider, 'migrations');
}

export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new AppError('MIGRATION_FAILED', `Migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

interface Applied {
  name: string;
  checksum: string;
}

/** The provider-specific half: run SQL and read/write the bookkeeping table, inside the locked transaction. */
interface MigrationConnection {
  exec(sql: string): Promise<void>;
  applied(): Promise<Applied[]>;
  record(file: MigrationFile): Promise<void>;
}

async function applyPending(conn: MigrationConnection, files: MigrationFile[], provider: Provider): Promise<MigrateResult> {
  const applied = await conn.applied();
  const byName = new Map(applied.map((a) => [a.name, a.checksum]));
  for (const file of files) {
    const recorded = byName.get(file.name);
    if (recorded !== undefined && recorded !== file.checksum) {
      throw new AppError(
        'MIGRATION_FAILED',
        `Migration ${file.name} was changed after it was applied to this database. Committed migrations must not be edited; add a new one instead.`,
      );
    }
  }
  const storage: UmzugStorage = {
    executed: async () => applied.map((a) => a.name),
    logMigration: async ({ name }) => {
      const file = files.find((f) => f.name === name);
      if (file) await conn.record(file);
    },
    unlogMigration: async () => {
      throw new Error('down migrations are not supported');
    },
  };
  // Loaded here, not at the top: a CLI call whose schema is current never needs them (schema-version.ts).
  const { Umzug } = await import('umzug');
  const umzug = new Umzug({
    migrations: files.map((file) => ({
      name: file.name,
      up: async () => {
        try {
          await conn.exec(file.sql);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new AppError('MIGRATION_FAILED', `Migration ${file.name} failed: ${reason}`, { cause: error });
        }
      },
    })),
    storage,
    logger: undefined,
  });
  try {
    const ran = await umzug.up();
    return { provider, applied: ran.map((m) => m.name), alreadyApplied: applied.length };
  } catch (error) {
    // Umzug wraps errors in MigrationError; surface ours.
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof AppError) throw cause;
    throw error;
  }
}

export interface MigrateOptions {
  url: string;
  /** Tests point this at a folder of their own. */
  migrationsDir?: string;
}

export async function migrateDatabase(options: MigrateOptions): Promise<MigrateResult> {
  const target = parseDatabaseUrl(options.url);
  const files = readMigrations(options.migrationsDir ?? migrationsDirFor(target.provider));
  try {
    return target.provider === 'sqlite'
      ? await migrateSqlite(target.file!, files, target)
      : await migratePostgres(options.url, files);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('DATABASE_UNAVAILABLE', `Cannot open the database at ${redactUrl(options.url)}: ${reason}`, { cause: error });
  }
}

async function migrateSqlite(
  file: string,
  files: MigrationFile[],
  target: ReturnType<typeof parseDatabaseUrl>,
): Promise<MigrateResult> {
  ensureSqliteDirectory(target);
  const Database = await loadBetterSqlite3();
  const sqlite = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    // WAL is a property of the file: readers never block the writer.
    sqlite.pragma('journal_mode = WAL');
    // Table redefinitions (Prisma's way to alter a SQLite table) drop the old
    // table; with foreign keys on, that would cascade-delete child rows (run
    // logs). The pragma is a no-op inside a transaction, so it is set here, and
    // the constraints are verified before committing instead.
    sqlite.pragma('foreign_keys = OFF');
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      sqlite.exec(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`,
      );
      const conn: MigrationConnection = {
        exec: async (sql) => void sqlite.exec(sql),
        applied: async () => sqlite.prepare(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`).all() as Applied[],
        record: async (f) =>
          void sqlite
            .prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum, applied_at) VALUES (?, ?, ?)`)
            .run(f.name, f.checksum, new Date().toISOString()),
      };
      const result = await applyPending(conn, files, 'sqlite');
      const violations = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
      if (violations.length > 0) {
        const first = violations[0]!;
        throw new AppError(
          'MIGRATION_FAILED',
          `Migrations would leave ${violations.length} row(s) violating foreign keys (first: ${first.table} → ${first.parent}); nothing was changed`,
        );
      }
      sqlite.exec('COMMIT');
      // Planner statistics for the claim's plan (see optimize.ts); cheap when nothing changed.
      optimizeSqliteFile(sqlite);
      return result;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw error;
    }
  } finally {
    sqlite.close();
  }
}

async function migratePostgres(url: string, files: MigrationFile[]): Promise<MigrateResult> {
  const pg = await loadPg();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PG_LOCK_KEY]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
      const conn: MigrationConnection = {
        exec: async (sql) => void (await client.query(sql)),
        applied: async () =>
          (await client.query<Applied>(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`)).rows,
        record: async (f) =>
          void (await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES ($1, $2)`, [f.name, f.checksum])),
      };
      const result = await applyPending(conn, files, 'postgresql');
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}
