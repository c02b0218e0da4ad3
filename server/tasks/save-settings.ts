import { secretKeyOf } from '../secrets/crypto';

/**
 * What saving a task needs from the configuration, for every transport that
 * saves one (tRPC, CLI, later REST and YAML): the default timezone, the
 * allowed working directories and the secret key.
 */
export function taskSaveSettings(config: { timezone: string; allowedWorkdirs: string[]; secretKey?: string }) {
  return { defaultTimezone: config.timezone, allowedWorkdirs: config.allowedWorkdirs, secretKey: secretKeyOf(config) };
}
