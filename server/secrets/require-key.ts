import type { Db } from '../db';
import { queryRows } from '../db/query-rows';
import { AppError } from '../errors';
import { SECRET_KEY_HELP } from './crypto';

/** The key of one task holding an encrypted env entry or header, or null. */
export async function taskWithSecrets(db: Db): Promise<string | null> {
  // Names cannot hold a colon (env names, header tokens), so `"enc:` is only ever the start of a value.
  const rows = await queryRows<{ key: string }>(
    db,
    `SELECT "key" FROM "Task" WHERE CAST("env" AS TEXT) LIKE '%"enc:%' OR CAST("httpHeaders" AS TEXT) LIKE '%"enc:%' LIMIT 1`,
  );
  return rows[0]?.key ?? null;
}

/**
 * Start-up (web, worker, CLI): without CRONBOARD_SECRET_KEY, refuse to start
 * when the database already holds secrets; with no secrets stored, no key is needed.
 */
export async function requireSecretKeyForStoredSecrets(options: { db: Db; secretKey?: string }): Promise<void> {
  if (options.secretKey) return;
  const key = await taskWithSecrets(options.db);
  if (key === null) return;
  throw new AppError(
    'INVALID_CONFIG',
    `Invalid configuration: CRONBOARD_SECRET_KEY is not set, but tasks hold encrypted secrets (task '${key}', maybe others). ` +
      `Set it to the key they were saved with (keys are made with ${SECRET_KEY_HELP.replace(/^set CRONBOARD_SECRET_KEY to /, '')}).`,
  );
}
