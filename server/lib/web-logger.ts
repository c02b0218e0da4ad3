import { createLogger, type Logger } from './logger';

const store = globalThis as unknown as { __cronboardWebLogger?: Logger };

/**
 * The web process's logger for errors caught where the bootstrapped one
 * (configured level and LOG_FILE, from `bootstrap('web')`) is not at hand,
 * e.g. when start-up itself failed.
 */
export function webLogger(): Logger {
  return (store.__cronboardWebLogger ??= createLogger({ name: 'web' }));
}
