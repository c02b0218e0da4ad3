import { decryptSecret, isEncrypted } from '../secrets/crypto';
import { storedEntries, type StoredEntries } from './stored-entries';

export interface TaskSecretsSource {
  env: unknown;
  httpHeaders: unknown;
}

export type SecretsForRun =
  | {
      ok: true;
      /** The task's env with secrets decrypted (null: none). */
      env: StoredEntries | null;
      /** The task's HTTP headers with secrets decrypted (null: none). */
      httpHeaders: StoredEntries | null;
      /** Every decrypted secret value, for masking the run's output. */
      secretValues: string[];
    }
  | { ok: false; error: string };

/**
 * The one place stored secrets are decrypted: a run's env and headers as the
 * task will get them. A value that cannot be decrypted (no key, another key,
 * damaged) is an error naming the entry, for the run to fail with; never a throw.
 */
export function secretsForRun(task: TaskSecretsSource, key: Buffer | null): SecretsForRun {
  const secretValues: string[] = [];
  const open = (field: 'env' | 'httpHeaders'): StoredEntries | null | string => {
    const stored = storedEntries(task[field]);
    if (!stored) return null;
    const out: StoredEntries = {};
    for (const [name, value] of Object.entries(stored)) {
      if (!isEncrypted(value)) {
        out[name] = String(value);
        continue;
      }
      const plain = decryptSecret(value, key);
      if (!plain.ok) return `secret ${field === 'env' ? 'env' : 'header'} ${name} ${plain.error}`;
      out[name] = plain.value;
      secretValues.push(plain.value);
    }
    return out;
  };
  const env = open('env');
  if (typeof env === 'string') return { ok: false, error: env };
  const httpHeaders = open('httpHeaders');
  if (typeof httpHeaders === 'string') return { ok: false, error: httpHeaders };
  return { ok: true, env, httpHeaders, secretValues };
}

/** The task's own environment for a run, secrets decrypted (what a clean task environment adds to the allowlist). */
export function taskEnvForRun(
  task: TaskSecretsSource,
  key: Buffer | null,
): { ok: true; env: StoredEntries } | { ok: false; error: string } {
  const opened = secretsForRun(task, key);
  return opened.ok ? { ok: true, env: opened.env ?? {} } : opened;
}
