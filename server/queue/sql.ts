import type { Provider } from '../db/url';

/**
 * Helpers for the SQL of server/queue/ plans (plan.ts runs them). Statements
 * are written with PostgreSQL's `$1` placeholders; for SQLite each occurrence
 * becomes an anonymous `?` with the parameters repeated in order (the
 * better-sqlite3 adapter binds only `?`). Identifiers are double-quoted, which
 * both accept.
 */
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

/** Column types of a VALUES list: PostgreSQL needs them cast (parameters are untyped there). */
export type SqlType = 'int' | 'text' | 'ts' | 'json' | 'bool' | 'float';
const PG_CAST: Record<SqlType, string> = {
  int: 'int',
  text: 'text',
  ts: 'timestamp(3)',
  json: 'jsonb',
  bool: 'boolean',
  float: 'double precision',
};

/**
 * A multi-row `VALUES (...), (...)` list with `$n` placeholders starting after
 * `params` (which it extends), for `WITH v(a, b) AS (VALUES ...)` (both
 * providers). Values are converted as each provider stores them: dates via ts(),
 * JSON as text, booleans as 0/1 on SQLite.
 */
export function valuesList(provider: Provider, types: SqlType[], rows: unknown[][], params: unknown[]): string {
  return rows
    .map((row) => {
      const cells = row.map((value, i) => {
        const type = types[i]!;
        params.push(sqlValue(provider, type, value));
        const ph = `$${params.length}`;
        return provider === 'postgresql' ? `${ph}::${PG_CAST[type]}` : ph;
      });
      return `(${cells.join(', ')})`;
    })
    .join(', ');
}

function sqlValue(provider: Provider, type: SqlType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'ts') return ts(provider, value as Date);
  if (type === 'json') return JSON.stringify(value);
  if (type === 'bool') return provider === 'sqlite' ? (value ? 1 : 0) : Boolean(value);
  return value;
}

/** `$k, $k+1, ...` for an IN list, appending the values to params. */
export function inList(values: unknown[], params: unknown[]): string {
  return values.map((v) => `$${params.push(v)}`).join(', ');
}

/** A timestamp read back by raw SQL (a Date on PostgreSQL, ISO text on SQLite). */
export function readTs(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value as string | number);
}
