import { loadConfig } from './load';
import type { Config } from './types';

export { loadConfig, normalizeDatabaseUrl, DEFAULT_SQLITE_URL } from './load';
export { configSchema, ENV_KEYS, LOG_LEVELS } from './schema';
export type { Config } from './types';

let cached: Config | undefined;

/** The process's configuration, loaded and validated once. */
export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}

/** Tests only: forget the cached configuration. */
export function resetConfigForTests(): void {
  cached = undefined;
}
