import { providerOf, type Db } from './client';
import { lockForWrite } from './write-lock';

/** The client a writeTransaction callback gets (Prisma's interactive transaction client). */
export type WriteTx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface WriteTransactionOptions {
  /** Prisma's: how long to wait for a connection, and how long the whole transaction may take (ms). */
  maxWait?: number;
  timeout?: number;
  /**
   * Run one at a time with every other transaction naming the same key, for a
   * rule over several rows that no single row's lock guards ("another active
   * admin exists"). PostgreSQL: a transaction-scoped advisory lock on the key,
   * taken before `fn` reads anything, so under READ COMMITTED the second
   * transaction's reads see the first one's commit. SQLite: nothing more to
   * do, the write lock already serializes every writer.
   */
  serializeOn?: string;
}

/**
 * The one way to open a transaction that writes (a lint test rejects a bare
 * `$transaction(` outside server/db). On SQLite it takes the write lock first
 * (lockForWrite: in WAL mode a transaction that read before writing fails at
 * once with SQLITE_BUSY when another connection committed meanwhile), so a
 * read-then-write callback behaves like BEGIN IMMEDIATE; PostgreSQL needs
 * nothing for that.
 */
export async function writeTransaction<T>(
  db: Db,
  fn: (tx: WriteTx) => Promise<T>,
  options: WriteTransactionOptions = {},
): Promise<T> {
  const provider = providerOf(db);
  const { serializeOn, ...prismaOptions } = options;
  return db.$transaction(async (tx) => {
    await lockForWrite(tx, provider);
    if (serializeOn !== undefined && provider === 'postgresql') {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${serializeOn}, 0))`;
    }
    return fn(tx);
  }, prismaOptions);
}
