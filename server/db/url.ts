import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../errors';

export type Provider = 'sqlite' | 'postgresql';

export interface DatabaseTarget {
  provider: Provider;
  url: string;
  /** SQLite only: the file path (or ':memory:'). */
  file?: string;
}

/** DATABASE_URL → provider. `file:` is SQLite, `postgres(ql)://` is PostgreSQL. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length).split('?')[0] ?? '';
    if (!file) throw new AppError('INVALID_CONFIG', 'DATABASE_URL: a file: URL needs a path, e.g. file:./data/cronboard.db');
    return { provider: 'sqlite', url, file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: 'postgresql', url };
  throw new AppError(
    'INVALID_CONFIG',
    `DATABASE_URL: unsupported URL '${redactUrl(url)}' (use file:PATH for SQLite or postgres://... for PostgreSQL)`,
  );
}

/** Creates the SQLite file's folder (./data by default) so the first start just works. */
export function ensureSqliteDirectory(target: DatabaseTarget): void {
  if (target.provider === 'sqlite' && target.file && target.file !== ':memory:') {
    try {
      mkdirSync(dirname(target.file), { recursive: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError('DATABASE_UNAVAILABLE', `Cannot create the folder of the SQLite database ${target.file}: ${reason}`, { cause: error });
    }
  }
}

/** Hides the password of a database URL for logs and messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
