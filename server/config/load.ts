import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { AppError, type FieldIssue } from '../errors';
import { yaml } from '../lib/yaml';
import { resolveAliases } from './aliases';
import { configSchema, ENV_KEYS, type ConfigInput } from './schema';
import { resolveSecretFiles } from './secret-files';
import type { Config } from './types';

export const DEFAULT_SQLITE_URL = 'file:./data/cronboard.db';

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** Directory relative paths resolve against (default: process.cwd()). */
  cwd?: string;
}

/**
 * Reads cronboard.yaml (CRONBOARD_CONFIG, else ./cronboard.yaml when present)
 * and the environment, the environment winning, and validates both with one
 * schema. Secrets may come from files (`DATABASE_URL_FILE`, see
 * secret-files.ts). Throws AppError('INVALID_CONFIG') whose message names
 * every bad key and where it came from.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  // DATABASE_URL_FILE and the like: secrets read from a file instead of the environment.
  const { env, origins: fileOrigins } = resolveSecretFiles(options.env ?? process.env, cwd);

  const explicitFile = env.CRONBOARD_CONFIG?.trim();
  const file = explicitFile ? resolve(cwd, explicitFile) : resolve(cwd, 'cronboard.yaml');
  const fromFile = readConfigFile(file, Boolean(explicitFile));

  const fromEnv: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') fromEnv[key] = value;
  }

  const merged: Record<string, unknown> = { ...fromFile.values, ...fromEnv };
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const issues: FieldIssue[] = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      if (issue.code === 'unrecognized_keys') {
        return {
          path: `${fromFile.path}`,
          message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} (known keys: ${Object.keys(ENV_KEYS).join(', ')})`,
        };
      }
      const envName: string = ENV_KEYS[key as keyof typeof ENV_KEYS];
      const origin =
        key in fromEnv
          ? `${envName} (${fileOrigins[envName] ? `from ${fileOrigins[envName]}` : 'environment'})`
          : `${key} (${fromFile.path})`;
      const sub = issue.path.length > 1 ? `[${issue.path.slice(1).join('.')}]` : '';
      return { path: origin + sub, message: issue.message };
    });
    throw new AppError(
      'INVALID_CONFIG',
      `Invalid configuration:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
      { issues },
    );
  }

  const parsed = result.data;
  const databaseUrl = normalizeDatabaseUrl(parsed.databaseUrl ?? DEFAULT_SQLITE_URL, cwd);
  const usesDefaultDatabase = parsed.databaseUrl === undefined;
  return {
    ...parsed,
    databaseUrl,
    usesDefaultDatabase,
    // Demo data: on by default only for the embedded default database.
    demo: parsed.demo ?? usesDefaultDatabase,
    allowedWorkdirs: parsed.allowedWorkdirs ?? [cwd],
    configFile: fromFile.found ? file : null,
  };
}

function readConfigFile(file: string, required: boolean): { values: ConfigInput; path: string; found: boolean } {
  if (!existsSync(file)) {
    if (required) {
      throw new AppError('INVALID_CONFIG', `Invalid configuration: CRONBOARD_CONFIG points to ${file}, which does not exist`);
    }
    return { values: {}, path: 'cronboard.yaml', found: false };
  }
  let doc: unknown;
  try {
    doc = yaml().parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const where =
      error instanceof yaml().YAMLParseError && error.linePos?.[0]
        ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`
        : '';
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AppError('INVALID_CONFIG', `Invalid configuration: ${file} is not valid YAML${where}: ${reason}`, {
      cause: error,
    });
  }
  if (doc === null || doc === undefined) return { values: {}, path: file, found: true };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new AppError('INVALID_CONFIG', `Invalid configuration: ${file} must hold a mapping of keys to values`);
  }
  return { values: resolveAliases(doc, file), path: file, found: true };
}

/** Makes a relative SQLite path absolute (relative to cwd) so every process agrees on the file. */
export function normalizeDatabaseUrl(url: string, cwd: string): string {
  if (!url.startsWith('file:')) return url;
  const path = url.slice('file:'.length);
  if (path === ':memory:' || isAbsolute(path)) return url;
  return `file:${resolve(cwd, path)}`;
}
