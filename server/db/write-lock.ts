import type { Provider } from './url';

type Executor = { $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> };

/**
 * Call first in an interactive transaction that reads before it writes.
 *
 * SQLite in WAL mode cannot upgrade a read transaction to a write one once
 * another connection has committed since it began: the write fails at once
 * with SQLITE_BUSY, and the busy timeout does not help. A no-op write as the
 * first statement takes the write lock up front (waiting on the busy timeout
 * like any writer), which makes the transaction behave like BEGIN IMMEDIATE.
 * PostgreSQL needs nothing here.
 */
export async function lockForWrite(tx: Executor, provider: Provider): Promise<void> {
  if (provider === 'sqlite') await tx.$executeRawUnsafe('DELETE FROM "Setting" WHERE 0');
}
