import type { PrismaClient as SqliteClient } from '../../prisma/generated/sqlite/client';
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
  close(): Promise<void>;
}

// On globalThis, like the bootstrap promise (server/bootstrap.ts): Next.js bundles this module
// into more than one server chunk (instrumentation, route handlers), and a client opened by one
// copy must be known to the others, or every write from the web app fails here.
const store = globalThis as unknown as { __cronboardProviders?: WeakMap<object, Provider> };
const providers = (store.__cronboardProviders ??= new WeakMap<object, Provider>());

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
 * lazily so a PostgreSQL deployment never loads better-sqlite3 and vice versa.
 */
export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  const target = parseDatabaseUrl(url);
  if (target.provider === 'sqlite') {
    ensureSqliteDirectory(target);
    const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
      import('../../prisma/generated/sqlite/client'),
      import('@prisma/adapter-better-sqlite3'),
    ]);
    const adapter = new PrismaBetterSQLite3({ url: target.file!, timeout: SQLITE_BUSY_TIMEOUT_MS });
    const db = new PrismaClient({ adapter });
    providers.set(db, 'sqlite');
    return { db, provider: 'sqlite', url, close: () => db.$disconnect() };
  }
  const [{ PrismaClient }, { PrismaPg }] = await Promise.all([
    import('../../prisma/generated/postgresql/client'),
    import('@prisma/adapter-pg'),
  ]);
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  const db = new PrismaClient({ adapter }) as unknown as Db;
  providers.set(db, 'postgresql');
  return { db, provider: 'postgresql', url, close: () => db.$disconnect() };
}
