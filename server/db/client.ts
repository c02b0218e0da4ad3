import type { PrismaClient as SqliteClient } from '../../prisma/generated/sqlite/client';
import { loadBetterSqlite3, loadPg, PG_SESSION_OPTIONS } from './drivers';
import { registerConnection, SharedConnection } from './query-rows';
import { SafeSqliteAdapterFactory, type FileIdentity } from './sqlite-adapter';
import { ensureSqliteDirectory, parseDatabaseUrl, type Provider } from './url';

/**
 * The Prisma client type the code base is written against. Both generated
 * clients come from the same models (prisma/models.prisma), so their model
 * APIs are identical; the PostgreSQL client is typed through this one.
 */
export type Db = SqliteClient;

export interface DatabaseHandle {
  db: Db;
  provider: Provider;
  url: string;
  /** SQLite: the file and the device/inode the connection holds (null until Prisma first connects); PostgreSQL: null. */
  sqliteFile: { path: string; identity(): FileIdentity | null } | null;
  close(): Promise<void>;
}

// On globalThis: the Next.js server bundles this module into more than one chunk
// (instrumentation opens the database, route handlers use it), and each copy
// would otherwise have its own map and not know the other's clients.
const providerStore = globalThis as unknown as { __cronboardProviders?: WeakMap<object, Provider> };
const providers = (providerStore.__cronboardProviders ??= new WeakMap<object, Provider>());

/** The provider behind a client opened by openDatabase (raw SQL differs between the two). */
export function providerOf(db: Db): Provider {
  const provider = providers.get(db);
  if (!provider) throw new Error('providerOf: this Prisma client was not opened by openDatabase');
  return provider;
}

/** SQLite waits this long for a competing writer before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens Prisma on DATABASE_URL through the matching driver adapter (Rust-free
 * Prisma: no native query engine). Each provider's generated client is loaded
 * lazily, with its driver (drivers.ts), so a PostgreSQL deployment never loads
 * the SQLite client nor better-sqlite3, and a SQLite one never the PostgreSQL
 * client nor `pg` (tests/integration/provider-modules.test.ts).
 */
export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  const target = parseDatabaseUrl(url);
  if (target.provider === 'sqlite') {
    ensureSqliteDirectory(target);
    const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
      import('../../prisma/generated/sqlite/client'),
      import('@prisma/adapter-better-sqlite3'),
      loadBetterSqlite3(),
    ]);
    const file = target.file!;
    // Our wrapper: a failed BEGIN/COMMIT must not wedge the connection (sqlite-adapter.ts).
    const adapter = new SafeSqliteAdapterFactory(new PrismaBetterSQLite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }), file);
    // Prisma and queryRows (query-rows.ts) share the one connection.
    const connection = new SharedConnection(adapter);
    const db = new PrismaClient({ adapter: connection.factory });
    providers.set(db, 'sqlite');
    registerConnection(db, connection);
    const sqliteFile = file === ':memory:' ? null : { path: file, identity: () => adapter.identity };
    return { db, provider: 'sqlite', url, sqliteFile, close: () => closeBoth(db, connection) };
  }
  const [{ PrismaClient }, { PrismaPg }] = await Promise.all([
    import('../../prisma/generated/postgresql/client'),
    import('@prisma/adapter-pg'),
    loadPg(),
  ]);
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: PG_SESSION_OPTIONS,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  const connection = new SharedConnection(adapter);
  const db = new PrismaClient({ adapter: connection.factory }) as unknown as Db;
  providers.set(db, 'postgresql');
  registerConnection(db, connection);
  return { db, provider: 'postgresql', url, sqliteFile: null, close: () => closeBoth(db, connection) };
}

async function closeBoth(db: Db, connection: SharedConnection): Promise<void> {
  await db.$disconnect();
  await connection.close();
}
