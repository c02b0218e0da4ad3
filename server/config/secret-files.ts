import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { AppError } from '../errors';

/**
 * Variables that may also be given as a file (`NAME_FILE=/path`), so a
 * deployment can keep them out of the environment and so out of
 * /proc/PID/environ (systemd: `LoadCredential=database-url:/etc/cronboard/database-url`
 * with `Environment=DATABASE_URL_FILE=%d/database-url`).
 */
export const FILE_SECRETS = ['DATABASE_URL', 'CRONBOARD_SECRET_KEY'] as const;

type Env = Record<string, string | undefined>;

export interface ResolvedSecrets {
  /** The environment with each `NAME_FILE` read into `NAME`. */
  env: Env;
  /** NAME → "NAME_FILE /path" for the names that came from a file, for error messages. */
  origins: Record<string, string>;
}

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Reads `NAME_FILE` for each of FILE_SECRETS. A relative path is taken from
 * $CREDENTIALS_DIRECTORY when systemd set one, else from cwd. The file's
 * content, trimmed, is the value. Refuses, naming the variable and the file:
 * both NAME and NAME_FILE set, a file that is missing, unreadable or empty.
 */
export function resolveSecretFiles(env: Env, cwd: string): ResolvedSecrets {
  const resolved: Env = { ...env };
  const origins: Record<string, string> = {};
  for (const name of FILE_SECRETS) {
    const fileVar = `${name}_FILE`;
    const given = env[fileVar];
    if (!isSet(given)) continue;
    if (isSet(env[name])) {
      throw invalid(`${name} and ${fileVar} are both set in the environment; set only one of them`);
    }
    const base = isSet(env.CREDENTIALS_DIRECTORY) ? env.CREDENTIALS_DIRECTORY : cwd;
    const path = isAbsolute(given.trim()) ? given.trim() : resolve(base, given.trim());
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw invalid(`${fileVar} (environment): cannot read ${path}: ${reason(error)}`, error);
    }
    const value = text.trim();
    if (value === '') throw invalid(`${fileVar} (environment): ${path} is empty`);
    resolved[name] = value;
    origins[name] = `${fileVar} ${path}`;
  }
  return { env: resolved, origins };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

function invalid(message: string, cause?: unknown): AppError {
  return new AppError('INVALID_CONFIG', `Invalid configuration: ${message}`, cause === undefined ? undefined : { cause });
}
