import { secretKeyOf } from '../secrets/crypto';

/**
 * What saving a task needs from the configuration, for every transport that
 * saves one (tRPC, CLI, later REST and YAML): the default timezone, the
 * allowed working directories, the secret key and the retry defaults of new tasks.
 */
export function taskSaveSettings(config: {
  timezone: string;
  allowedWorkdirs: string[];
  secretKey?: string;
  defaultMaxRetries?: number;
  defaultRetryDelaySeconds?: number;
}) {
  return {
    defaultTimezone: config.timezone,
    allowedWorkdirs: config.allowedWorkdirs,
    secretKey: secretKeyOf(config),
    // Used by createTask only (a new task that sets none); updates keep what the task has.
    taskDefaults: { maxRetries: config.defaultMaxRetries, retryDelaySeconds: config.defaultRetryDelaySeconds },
  };
}
