import { providerOf, type Db } from '../db/client';
import type { Provider } from '../db/url';

/**
 * Raw SQL for both providers. Statements are written with PostgreSQL's `$1`
 * placeholders; for SQLite each occurrence becomes an anonymous `?` with the
 * parameters repeated in order (the better-sqlite3 adapter binds only `?`).
 * Identifiers are double-quoted, which both accept.
 */
export function dialect(db: Db): Provider {
  return providerOf(db);
}

type Runner = Pick<Db, '$queryRawUnsafe' | '$executeRawUnsafe'>;

export function bind(provider: Provider, text: string, params: unknown[]): [string, unknown[]] {
  if (provider !== 'sqlite') return [text, params];
  const ordered: unknown[] = [];
  const sql = text.replace(/\$(\d+)/g, (_, n: string) => {
    ordered.push(params[Number(n) - 1]);
    return '?';
  });
  return [sql, ordered];
}

/** A timestamp parameter as each provider stores it (SQLite: the adapter's ISO text, so comparisons are textual). */
export function ts(provider: Provider, date: Date): Date | string {
  return provider === 'sqlite' ? date.toISOString().replace('Z', '+00:00') : date;
}

export async function query<T>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  const [sql, args] = bind(dialect(db), text, params);
  return db.$queryRawUnsafe<T[]>(sql, ...args);
}

export async function execute(db: Db, text: string, ...params: unknown[]): Promise<number> {
  const [sql, args] = bind(dialect(db), text, params);
  return db.$executeRawUnsafe(sql, ...args);
}

/** Inside a transaction (whose client is not registered with providerOf): pass the provider. */
export async function queryIn<T>(runner: Runner, provider: Provider, text: string, ...params: unknown[]): Promise<T[]> {
  const [sql, args] = bind(provider, text, params);
  return runner.$queryRawUnsafe<T[]>(sql, ...args);
}
