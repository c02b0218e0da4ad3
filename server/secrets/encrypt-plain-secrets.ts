import type { Db } from '../db';
import { looksSecret } from '../tasks/entries';
import { storedEntries, type StoredEntries } from '../tasks/stored-entries';
import { encryptSecret, isEncrypted } from './crypto';

/** Setting row marking that values saved before secrets existed have been encrypted. */
export const PLAIN_SECRETS_ENCRYPTED = 'secrets.plainEncrypted';

/**
 * Once per database, at start-up: env values and headers under secret-looking
 * names that were saved before secrets existed (so in plain text) are
 * encrypted with the key, so upgrading does not leave them readable by every
 * viewer. Without a key it only warns (and runs at a later start with one).
 * After it has run, a plain value under such a name is one a user chose to
 * leave unmarked, and stays so. Each task is written compare-and-set on its
 * version, so a concurrent edit wins.
 */
export async function encryptPlainSecrets(options: {
  db: Db;
  key: Buffer | null;
  logger: { info(obj: object, message: string): void; warn(obj: object, message: string): void };
}): Promise<number> {
  const { db, key } = options;
  if (await db.setting.findUnique({ where: { key: PLAIN_SECRETS_ENCRYPTED } })) return 0;
  const tasks = await db.task.findMany({ select: { id: true, key: true, version: true, env: true, httpHeaders: true } });
  const encrypt = (column: unknown): StoredEntries | null => {
    const stored = storedEntries(column);
    if (!stored || !Object.entries(stored).some(([name, value]) => looksSecret(name) && !isEncrypted(value))) return null;
    if (!key) return stored;
    return Object.fromEntries(
      Object.entries(stored).map(([name, value]) => [
        name,
        looksSecret(name) && !isEncrypted(value) ? encryptSecret(value, key) : value,
      ]),
    );
  };
  const pending = tasks
    .map((task) => ({ task, env: encrypt(task.env), httpHeaders: encrypt(task.httpHeaders) }))
    .filter((t) => t.env || t.httpHeaders);
  if (pending.length > 0 && !key) {
    options.logger.warn(
      { tasks: pending.map((t) => t.task.key).slice(0, 20) },
      `${pending.length} task(s) hold plain env values or headers under secret-looking names; set CRONBOARD_SECRET_KEY to encrypt them at the next start`,
    );
    return 0;
  }
  for (const { task, env, httpHeaders } of pending) {
    await db.task.updateMany({
      where: { id: task.id, version: task.version },
      data: { ...(env ? { env } : {}), ...(httpHeaders ? { httpHeaders } : {}) },
    });
  }
  const marker = { key: PLAIN_SECRETS_ENCRYPTED, value: { tasks: pending.length, at: new Date().toISOString() } };
  // Two processes starting at once both get here: the second insert of the marker is no error.
  await db.setting.create({ data: marker }).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'P2002') throw error;
  });
  if (pending.length > 0)
    options.logger.info(
      { tasks: pending.length },
      'encrypted plain values under secret-looking names saved before secrets existed',
    );
  return pending.length;
}
