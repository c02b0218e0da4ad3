// Reads that skip Prisma's query compiler. Every Prisma call, raw SQL
// included, is first compiled by its WASM query compiler, whose first use in a
// process loads and parses the whole schema (the largest single cost of a
// `cronboard list`: issue 16). A read written as one SQL statement needs none
// of that: queryRows sends it straight to the driver adapter Prisma itself
// uses, over the same connection (or pool), so it sees what Prisma sees.
import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { Db } from './client';

type SqlDriverAdapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;
type SqlQuery = Parameters<SqlDriverAdapter['queryRaw']>[0];
type ArgType = SqlQuery['argTypes'][number];
type Factory = { readonly provider: SqlDriverAdapter['provider']; readonly adapterName: string; connect(): Promise<SqlDriverAdapter> };

/**
 * Hands Prisma and queryRows one connection: the adapter factory Prisma is
 * given connects once, and the adapter is reused until Prisma disposes of it
 * ($disconnect), after which the next use connects again.
 */
export class SharedConnection {
  private adapter: Promise<SqlDriverAdapter> | null = null;
  /** Whether Prisma has connected (then its $disconnect disposes of the adapter). */
  private prismaHolds = false;
  /** What Prisma is given: it reads provider and adapterName and calls connect(). */
  readonly factory: Factory;

  constructor(private readonly inner: Factory) {
    this.factory = {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: () => {
        this.prismaHolds = true;
        return this.connection();
      },
    };
  }

  connection(): Promise<SqlDriverAdapter> {
    this.adapter ??= this.inner.connect().then(
      (adapter) => {
        // Prisma's $disconnect ends this adapter: the next use then connects again.
        const dispose = adapter.dispose.bind(adapter);
        adapter.dispose = () => {
          this.adapter = null;
          this.prismaHolds = false;
          return dispose();
        };
        return adapter;
      },
      (error: unknown) => {
        this.adapter = null;
        throw error;
      },
    );
    return this.adapter;
  }

  /** Call after Prisma's $disconnect: disposes of a connection only queryRows opened. */
  async close(): Promise<void> {
    const adapter = this.adapter;
    if (!adapter || this.prismaHolds) return;
    await (await adapter).dispose();
  }
}

// On globalThis for the reason client.ts keeps its providers there.
const store = globalThis as unknown as { __cronboardConnections?: WeakMap<object, SharedConnection> };
const connections = (store.__cronboardConnections ??= new WeakMap());

export function registerConnection(db: Db, connection: SharedConnection): void {
  connections.set(db, connection);
}

function argType(value: unknown): ArgType {
  const scalarType =
    typeof value === 'boolean' ? 'boolean'
    : typeof value === 'bigint' ? 'bigint'
    : typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'float')
    : value instanceof Date ? 'datetime'
    : typeof value === 'string' ? 'string'
    : 'unknown';
  return { scalarType, arity: 'scalar' };
}

/**
 * One read-only SQL statement (placeholders as the provider spells them:
 * server/queue/sql.ts `bind`), rows as objects by column name. Values come as
 * the driver gives them, so callers normalise them (numbers may be strings or
 * bigint, times text or Date, JSON text): the same code then reads Prisma's raw
 * rows, which is what a client not opened by openDatabase (a transaction's)
 * gets, since it goes through `$queryRawUnsafe`.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Db, sql: string, args: unknown[] = []): Promise<T[]> {
  const connection = connections.get(db);
  if (!connection) return db.$queryRawUnsafe<T[]>(sql, ...args);
  const adapter = await connection.connection();
  const result = await adapter.queryRaw({ sql, args, argTypes: args.map(argType) });
  return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])) as T);
}
