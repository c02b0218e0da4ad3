import type { FieldIssue } from '../errors';
import { decryptSecret, encryptSecret, isEncrypted, SECRET_KEY_HELP } from '../secrets/crypto';
import { entryValue, isSecretEntry, looksSecret, type EntriesInput } from './entries';

// Between the entries a client sends (server/tasks/entries.ts) and the Json
// column that stores them: name → plain value, or name → `enc:v1:…` for a
// secret. Only this file encrypts; only secretsForRun (task-secrets.ts) decrypts.

export type StoredEntries = Record<string, string>;

/** A Json column's value as stored entries (anything else: none). */
export function storedEntries(column: unknown): StoredEntries | null {
  return column && typeof column === 'object' && !Array.isArray(column) ? (column as StoredEntries) : null;
}

/**
 * Stored entries as a client may see them: a secret is `{ secret: true }`
 * (never its value), a plain value under a secret-looking name is
 * `{ value, secret: false }` (so the form keeps it unmarked), any other a string.
 */
export function entriesForClient(column: unknown): EntriesInput | undefined {
  const stored = storedEntries(column);
  if (!stored || Object.keys(stored).length === 0) return undefined;
  const out: EntriesInput = {};
  for (const [name, value] of Object.entries(stored)) {
    if (isEncrypted(value)) out[name] = { secret: true };
    else out[name] = looksSecret(name) ? { value, secret: false } : value;
  }
  return out;
}

/**
 * The entries to store for an input: secrets encrypted with the key, a secret
 * sent without a value keeps the one stored under its name, and an unchanged
 * secret keeps its ciphertext (so saving the same value is no change). A
 * secret that cannot be stored adds an issue naming `field.NAME` to `issues`.
 */
export function entriesToStore(
  field: 'env' | 'httpHeaders',
  input: EntriesInput | undefined,
  previous: unknown,
  key: Buffer | null,
  issues: FieldIssue[],
): StoredEntries | null {
  if (!input || Object.keys(input).length === 0) return null;
  const stored = storedEntries(previous) ?? {};
  const out: StoredEntries = {};
  for (const [name, entry] of Object.entries(input)) {
    const value = entryValue(entry);
    const before = Object.hasOwn(stored, name) ? stored[name] : undefined;
    if (!isSecretEntry(name, entry)) {
      if (value !== undefined) out[name] = value;
      continue;
    }
    if (value === undefined) {
      if (before === undefined)
        issues.push({ path: `${field}.${name}`, message: 'is secret and has no stored value to keep: enter its value' });
      else if (isEncrypted(before)) out[name] = before;
      else if (key) out[name] = encryptSecret(before, key);
      else
        issues.push({
          path: `${field}.${name}`,
          message: `is secret and cannot be stored: ${SECRET_KEY_HELP} (or mark it not secret)`,
        });
      continue;
    }
    if (!key) {
      issues.push({
        path: `${field}.${name}`,
        message: `is secret and cannot be stored: ${SECRET_KEY_HELP} (or mark it not secret)`,
      });
      continue;
    }
    const same = isEncrypted(before) && decryptSecret(before, key);
    out[name] = same && same.ok && same.value === value ? before : encryptSecret(value, key);
  }
  return out;
}
