import { statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { AppError } from '../errors';
import type { DatabaseHandle } from './client';
import { parseDatabaseUrl } from './url';

export type DatabaseFileProblem = { code: 'file_deleted' | 'file_replaced'; reason: string };

/** A path as a person typed it: `./data/cronboard.db` under the working directory, else absolute. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? `./${rel}` : file;
}

/**
 * SQLite: is the file at the configured path still the one this process holds
 * open? A deleted file keeps accepting writes (they go to the unlinked inode and
 * are lost at exit); a replaced one (restore, `mv`) is not what other processes
 * use. Compares device and inode with those seen when the connection opened.
 * Null when all is well, on PostgreSQL, or before the first connection.
 */
export function checkDatabaseFile(handle: Pick<DatabaseHandle, 'sqliteFile'>): DatabaseFileProblem | null {
  const held = handle.sqliteFile?.identity();
  if (!handle.sqliteFile || !held) return null;
  const path = displayPath(handle.sqliteFile.path);
  let now: { dev: number; ino: number };
  try {
    now = statSync(handle.sqliteFile.path);
  } catch {
    return { code: 'file_deleted', reason: `the database file ${path} was deleted while this process had it open; restart it` };
  }
  if (now.dev !== held.dev || now.ino !== held.ino) {
    return { code: 'file_replaced', reason: `the database file ${path} was replaced while this process had it open; restart it` };
  }
  return null;
}

/**
 * CLI commands other than `db migrate` and `worker` work on an existing
 * database: opening a missing SQLite file would create an empty one (and the
 * web app would then offer /setup again). Throws INVALID_CONFIG (exit status 2).
 */
export function assertDatabaseExists(url: string): void {
  const target = parseDatabaseUrl(url);
  if (target.provider !== 'sqlite' || !target.file || target.file === ':memory:') return;
  try {
    statSync(target.file);
  } catch {
    throw new AppError('INVALID_CONFIG', `no database at ${displayPath(target.file)}; run \`cronboard db migrate\` to create one`);
  }
}
