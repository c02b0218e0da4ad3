import { statSync } from 'node:fs';
import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

type Factory = PrismaBetterSQLite3;
type SqlDriverAdapter = Awaited<ReturnType<Factory['connect']>>;
type Transaction = Awaited<ReturnType<SqlDriverAdapter['startTransaction']>>;
type SqlQuery = Parameters<SqlDriverAdapter['queryRaw']>[0];
type IsolationLevel = Parameters<SqlDriverAdapter['startTransaction']>[0];

/** How long a transaction waits for the one before it on the same connection before it fails. */
export const TRANSACTION_LOCK_WAIT_MS = 15_000;

/** Device and inode of the database file when the connection opened it (see file-identity.ts). */
export interface FileIdentity {
  dev: number;
  ino: number;
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/** SQLite's own message (the adapter wraps it in a DriverAdapterError whose message may be only a kind). */
function sqliteMessage(error: unknown): string {
  const cause = (error as { cause?: { originalMessage?: unknown } } | null)?.cause;
  if (typeof cause?.originalMessage === 'string') return cause.originalMessage;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Wraps @prisma/adapter-better-sqlite3 so that a failed BEGIN, COMMIT or
 * ROLLBACK can never wedge the connection (prisma/orm#29933, open; fix proposed
 * in PR #29955, not released for 6.19).
 *
 * The adapter serialises transactions on its one connection with a mutex that
 * is released only by Transaction.commit()/rollback(). Prisma's transaction
 * manager sends `COMMIT`/`ROLLBACK` as queries first and calls commit()/rollback()
 * only when they succeed; a BEGIN that throws never releases it either. So one
 * failed COMMIT (disk full, read-only or immutable file, I/O error) left the
 * mutex held for ever: every later transaction waited on it with no timer
 * (Prisma's maxWait and timeout timers are unref'd and only checked after the
 * adapter answers), the web app hung, and a worker whose event loop then had
 * nothing left exited with status 0.
 *
 * This wrapper keeps the adapter's queries and type mapping and replaces only
 * the transaction bookkeeping: its own lock with a bounded wait, released
 * whatever BEGIN/COMMIT/ROLLBACK do; after a failed COMMIT a real ROLLBACK so the
 * connection does not stay inside the transaction (later statements would
 * otherwise land in a transaction nobody commits). It relies only on the
 * driver-adapter interface, so it survives adapter upgrades; drop it once a
 * fixed release is pinned (tests/integration/sqlite-failed-writes.test.ts
 * shows whether it is still needed).
 */
export class SafeSqliteAdapterFactory {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  /** Identity of the file the connection holds, set when Prisma connects. */
  identity: FileIdentity | null = null;

  constructor(
    private readonly inner: Factory,
    private readonly file: string,
  ) {
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.inner.connect();
    // better-sqlite3 opened (or created) the file synchronously in connect().
    if (this.file !== ':memory:') {
      const st = statSync(this.file);
      this.identity = { dev: st.dev, ino: st.ino };
    }
    return new SafeSqliteAdapter(adapter);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return new SafeSqliteAdapter(await this.inner.connectToShadowDb());
  }
}

class SafeSqliteAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;
  private readonly lock = new TransactionLock();
  /** A COMMIT and its ROLLBACK both failed: the connection may still be inside that transaction. */
  private dirty = false;

  constructor(private readonly inner: SqlDriverAdapter) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async queryRaw(query: SqlQuery) {
    if (this.dirty && !this.lock.held) await this.cleanUp();
    return this.inner.queryRaw(query);
  }

  async executeRaw(query: SqlQuery) {
    if (this.dirty && !this.lock.held) await this.cleanUp();
    return this.inner.executeRaw(query);
  }

  executeScript(script: string) {
    return this.inner.executeScript(script);
  }

  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  dispose() {
    return this.inner.dispose();
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== 'SERIALIZABLE') return this.inner.startTransaction(isolationLevel); // the adapter's own error
    const release = await this.lock.acquire(TRANSACTION_LOCK_WAIT_MS);
    try {
      if (this.dirty) await this.cleanUp();
      try {
        await this.inner.executeRaw(statement('BEGIN'));
      } catch (error) {
        // "cannot start a transaction within a transaction": a transaction left open; end it and retry once.
        if (!/within a transaction/.test(sqliteMessage(error))) throw error;
        await this.cleanUp();
        await this.inner.executeRaw(statement('BEGIN'));
      }
    } catch (error) {
      release();
      throw error;
    }
    return new SafeSqliteTransaction(this.inner, release, () => this.cleanUp());
  }

  /** Best-effort ROLLBACK of a transaction left open; "no transaction is active" means there was none. */
  async cleanUp(): Promise<void> {
    try {
      await this.inner.executeRaw(statement('ROLLBACK'));
      this.dirty = false;
    } catch (error) {
      this.dirty = !/no transaction is active/.test(sqliteMessage(error));
    }
  }
}

class SafeSqliteTransaction implements Transaction {
  readonly provider: Transaction['provider'];
  readonly adapterName: string;
  readonly options = { usePhantomQuery: false };

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly release: () => void,
    private readonly cleanUp: () => Promise<void>,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery) {
    return this.inner.queryRaw(query);
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    const ending = query.sql === 'COMMIT' || query.sql === 'ROLLBACK';
    if (!ending) return this.inner.executeRaw(query);
    try {
      return await this.inner.executeRaw(query);
    } catch (error) {
      // Prisma will not call commit()/rollback() after this throws: end the
      // transaction on the connection and free the lock here.
      await this.cleanUp();
      this.release();
      throw error;
    }
  }

  commit(): Promise<void> {
    this.release();
    return Promise.resolve();
  }

  rollback(): Promise<void> {
    this.release();
    return Promise.resolve();
  }
}

/** A FIFO lock whose release is idempotent and whose wait is bounded (the timer keeps the process alive while waiting). */
class TransactionLock {
  held = false;
  private readonly waiters: Array<() => void> = [];

  acquire(timeoutMs: number): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const grant = () => {
        this.held = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.next();
        });
      };
      if (!this.held) return grant();
      const waiter = () => {
        clearTimeout(timer);
        grant();
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`SQLite: waited ${timeoutMs / 1000} s for the previous transaction on this connection to end`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private next(): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter();
    else this.held = false;
  }
}
