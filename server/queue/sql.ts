import { providerOf, type Db } from '../db/client';
import type { Provider } from '../db/url';

/**
 * Raw SQL for both providers. Statements are written with PostgreSQL's `$1`
 * placeholders; SQLite gets `?1` (numbered, so a placeholder may repeat).
 * Identifiers are double-quoted, which both accept.
 */
export function dialect(db: Db): Provider {
  return providerOf(db);
}

type Runner = Pick<Db, '$queryRawUnsafe' | '$executeRawUnsafe'>;

function forProvider(provider: Provider, text: string): string {
  return provider === 'sqlite' ? text.replace(/\$(\d+)/g, '?$1') : text;
}

/** A timestamp parameter as each provider stores it (SQLite: the adapter's ISO text, so comparisons are textual). */
export function ts(provider: Provider, date: Date): Date | string {
  return provider === 'sqlite' ? date.toISOString().replace('Z', '+00:00') : date;
}

export async function query<T>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  return db.$queryRawUnsafe<T[]>(forProvider(dialect(db), text), ...params);
}

export async function execute(db: Db, text: string, ...params: unknown[]): Promise<number> {
  return db.$executeRawUnsafe(forProvider(dialect(db), text), ...params);
}

/** Inside a transaction (whose client is not registered with providerOf): pass the provider. */
export async function queryIn<T>(runner: Runner, provider: Provider, text: string, ...params: unknown[]): Promise<T[]> {
  return runner.$queryRawUnsafe<T[]>(forProvider(provider, text), ...params);
}
