import { z } from 'zod';

// Env entries and HTTP headers: name → value, where a value may be secret.
// Client-safe (no node:crypto): the task form uses these rules too.
//
// Input, per entry: a plain string (secret when the name looks like one), or
// `{ value?, secret? }`. A secret entry without a value keeps the value already
// stored under that name: that is what a client sends back for a secret it was
// shown as `{ secret: true }` (stored secrets are never sent to any client).

/** Names that are secret unless marked otherwise: *TOKEN*, *SECRET*, *PASSWORD*, *KEY*, Authorization. */
export function looksSecret(name: string): boolean {
  return /TOKEN|SECRET|PASSWORD|KEY/i.test(name) || /^(proxy-)?authorization$/i.test(name);
}

export type EntryInput = string | { value?: string; secret?: boolean };
export type EntriesInput = Record<string, EntryInput>;

/** Whether an entry is secret: as marked, else by its name. */
export function isSecretEntry(name: string, entry: EntryInput): boolean {
  return typeof entry === 'string' ? looksSecret(name) : (entry.secret ?? looksSecret(name));
}

/** The value typed for an entry, if any. */
export function entryValue(entry: EntryInput): string | undefined {
  return typeof entry === 'string' ? entry : entry.value;
}

export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** An HTTP header name is a token (RFC 9110 §5.6.2): no spaces, colons, CR or LF. */
export const HEADER_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const ENTRY_LIMITS = {
  env: { entries: 100, nameLength: 200, valueBytes: 32 * 1024 },
  httpHeaders: { entries: 100, nameLength: 200, valueBytes: 8 * 1024 },
} as const;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
const kib = (bytes: number) => `${bytes / 1024} KiB`;

function entriesSchema(kind: 'env' | 'httpHeaders') {
  const limits = ENTRY_LIMITS[kind];
  const value = z.string();
  const entry = z.union([value, z.object({ value: value.optional(), secret: z.boolean().optional() }).strict()]);
  return z.record(z.string(), entry).superRefine((record, ctx) => {
    const names = Object.keys(record);
    if (names.length > limits.entries) {
      ctx.addIssue({ code: 'custom', message: `must have at most ${limits.entries} entries (has ${names.length})` });
    }
    for (const name of names) {
      const path = [name];
      const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
      if (name.length > limits.nameLength)
        ctx.addIssue({ code: 'custom', path, message: `name must be at most ${limits.nameLength} characters` });
      else if (kind === 'env' && !ENV_NAME_PATTERN.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${shown}" is not a valid variable name (letters, digits and underscore, not starting with a digit)`,
        });
      } else if (kind === 'httpHeaders' && !HEADER_NAME_PATTERN.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${shown}" is not a valid header name (no spaces, colons, line breaks or control characters)`,
        });
      }
      const entry = record[name]!;
      const text = entryValue(entry);
      const secret = isSecretEntry(name, entry);
      if (text === undefined) {
        if (!secret) ctx.addIssue({ code: 'custom', path, message: 'value is required' });
        continue;
      }
      if (!secret && text.startsWith('enc:')) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: 'value must not start with "enc:" (kept for encrypted values): mark it secret',
        });
      }
      if (text.includes('\0')) ctx.addIssue({ code: 'custom', path, message: 'value must not contain a null byte' });
      else if (kind === 'httpHeaders' && /[\r\n]/.test(text))
        ctx.addIssue({ code: 'custom', path, message: 'value must not contain a line break (CR or LF)' });
      if (utf8Bytes(text) > limits.valueBytes)
        ctx.addIssue({ code: 'custom', path, message: `value must be at most ${kib(limits.valueBytes)}` });
    }
  });
}

export const envSchema = entriesSchema('env');
export const httpHeadersSchema = entriesSchema('httpHeaders');
