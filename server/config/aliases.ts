// cronboard.yaml keys of the tools people come from, mapped to Cronboard's own
// keys in one table: a YAML job daemon's config/scheduler.yaml (snake_case, at
// the top level) and a scheduler module's `config:` block (camelCase, under
// `config:`). Values in other units are converted (milliseconds → seconds).
// Giving one setting under two spellings is an error naming both.
import { AppError } from '../errors';

interface Alias {
  /** Cronboard's key (server/config/schema.ts). */
  key: string;
  /** How the value converts to the key's unit; absent: as it is. */
  convert?: (value: unknown) => unknown;
  /** Accepted and not used (said in README): Cronboard has no such setting. */
  ignored?: true;
}

const times = (factor: number) => (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) ? Number(v) * factor : v);
// Milliseconds to whole seconds, rounding up so a 1500 ms timeout is not cut to 1 s.
const msToSeconds = (v: unknown) => {
  const n = times(1)(v);
  return typeof n === 'number' ? Math.ceil(n / 1000) : v;
};

/** A YAML job daemon's config/scheduler.yaml, top level. */
export const TOP_LEVEL_ALIASES: Record<string, Alias> = {
  jobs_dir: { key: 'jobsDir' },
  poll_interval_seconds: { key: 'pollIntervalMs', convert: times(1000) },
  default_timeout_seconds: { key: 'defaultTimeoutSeconds' },
  max_concurrent_jobs: { key: 'workerConcurrency' },
  log_level: { key: 'logLevel' },
  log_file: { key: 'logFile' },
};

/** A scheduler module's `config:` block. */
export const CONFIG_BLOCK_ALIASES: Record<string, Alias> = {
  maxConcurrentTasks: { key: 'workerConcurrency' },
  defaultRetries: { key: 'defaultMaxRetries' },
  retryDelay: { key: 'defaultRetryDelaySeconds', convert: msToSeconds },
  tickInterval: { key: 'pollIntervalMs' },
  taskTimeout: { key: 'defaultTimeoutSeconds', convert: msToSeconds },
  cleanupInterval: { key: 'cleanupInterval', ignored: true },
  historyRetentionDays: { key: 'historyRetentionDays' },
};

/**
 * The file's values with every alias replaced by Cronboard's key. Throws
 * INVALID_CONFIG when one key is given twice (`workerConcurrency` and
 * `max_concurrent_jobs`), or when `config:` is not a mapping.
 */
export function resolveAliases(doc: object, file: string): Record<string, unknown> {
  const values = doc as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const spelledAs: Record<string, string> = {};
  const put = (key: string, value: unknown, spelling: string) => {
    if (key in out) {
      throw new AppError('INVALID_CONFIG', `Invalid configuration: ${file}: ${spelledAs[key]} and ${spelling} are the same setting (${key}); give only one`);
    }
    out[key] = value;
    spelledAs[key] = spelling;
  };
  for (const [name, value] of Object.entries(values)) {
    if (name === 'config') continue;
    const alias = TOP_LEVEL_ALIASES[name];
    if (alias) put(alias.key, alias.convert ? alias.convert(value) : value, `'${name}'`);
    else put(name, value, `'${name}'`);
  }
  const block = values.config;
  if (block !== undefined && block !== null) {
    if (typeof block !== 'object' || Array.isArray(block)) {
      throw new AppError('INVALID_CONFIG', `Invalid configuration: ${file}: 'config' must be a mapping of keys to values`);
    }
    for (const [name, value] of Object.entries(block as Record<string, unknown>)) {
      const alias = CONFIG_BLOCK_ALIASES[name];
      if (!alias) {
        throw new AppError(
          'INVALID_CONFIG',
          `Invalid configuration: ${file}: unknown key 'config.${name}' (known under config: ${Object.keys(CONFIG_BLOCK_ALIASES).join(', ')})`,
        );
      }
      if (alias.ignored) continue;
      put(alias.key, alias.convert ? alias.convert(value) : value, `'config.${name}'`);
    }
  }
  return out;
}
