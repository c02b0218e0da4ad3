import { getConfig } from '../config';
import { AppError } from '../errors';
import type { Logger } from '../lib/logger';
import { openDatabase, type DatabaseHandle, type Db } from './client';
import { migrateDatabase } from './migrate';
import { redactUrl } from './url';

export type { Db, DatabaseHandle } from './client';
export { openDatabase, providerOf } from './client';
export { migrateDatabase, readMigrations, migrationsDirFor, MIGRATIONS_TABLE } from './migrate';
export { parseDatabaseUrl, redactUrl, type Provider } from './url';

// One handle per process. Kept on globalThis so Next.js dev-mode module reloads
// do not open a new pool on every edit.
const store = globalThis as unknown as { __cronboardDb?: Promise<DatabaseHandle> };

/** The process's database, opened on first use from the configuration. */
export function getDatabase(): Promise<DatabaseHandle> {
  store.__cronboardDb ??= openDatabase(getConfig().databaseUrl).catch((error: unknown) => {
    store.__cronboardDb = undefined;
    throw error;
  });
  return store.__cronboardDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const handle = store.__cronboardDb;
  store.__cronboardDb = undefined;
  if (handle) await (await handle).close();
}

/**
 * Brings the schema up to date. Called at start by web, worker and CLI; cheap
 * when there is nothing to do (one locked read of the migrations table).
 */
export async function ensureSchema(logger?: Logger, url = getConfig().databaseUrl): Promise<void> {
  try {
    const result = await migrateDatabase({ url });
    if (result.applied.length > 0) {
      logger?.info({ applied: result.applied, provider: result.provider }, `applied ${result.applied.length} migration(s)`);
    } else {
      logger?.debug({ provider: result.provider }, 'database schema is up to date');
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('DATABASE_UNAVAILABLE', `Cannot reach the database at ${redactUrl(url)}`, { cause: error });
  }
}
export { checkDatabaseFile, assertDatabaseExists, displayPath, type DatabaseFileProblem } from './file-identity';
