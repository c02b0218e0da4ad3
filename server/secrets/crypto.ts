import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Secret values (task env entries and HTTP headers marked secret) are stored as
// `enc:v1:<iv>:<tag>:<ciphertext>`, each part base64: AES-256-GCM with a random
// 96-bit IV per value and CRONBOARD_SECRET_KEY as the key. The version lets a
// later format (or key rotation) sit beside this one.

export const ENCRYPTED_PREFIX = 'enc:v1:';

/** How to make a key, for every message that asks for one. */
export const SECRET_KEY_HELP =
  "set CRONBOARD_SECRET_KEY to 32 random bytes in base64 or hex, e.g. `openssl rand -base64 32` or `node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"`";

/** A stored value that is an encrypted secret (any version: `enc:`). */
export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('enc:');
}

/** The 32 key bytes from base64 or hex text, or null when it is neither. */
export function parseSecretKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]{42,43}={0,2}$/.test(t)) return null;
  const bytes = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 ? bytes : null;
}

export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${ENCRYPTED_PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
}

export type Decrypted = { ok: true; value: string } | { ok: false; error: string };

/** The plain value, or why it cannot be had (no key, another key, damaged or unknown format). Never throws. */
export function decryptSecret(stored: string, key: Buffer | null): Decrypted {
  if (!stored.startsWith(ENCRYPTED_PREFIX)) return { ok: false, error: 'is in an unknown encrypted format (expected enc:v1:)' };
  if (!key) return { ok: false, error: `is encrypted and CRONBOARD_SECRET_KEY is not set (${SECRET_KEY_HELP})` };
  const [iv, tag, data, extra] = stored.slice(ENCRYPTED_PREFIX.length).split(':');
  if (iv === undefined || tag === undefined || data === undefined || extra !== undefined) {
    return { ok: false, error: 'is damaged (not iv:tag:ciphertext)' };
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), { authTagLength: 16 });
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
    return { ok: true, value: plain.toString('utf8') };
  } catch {
    return { ok: false, error: 'cannot be decrypted with this CRONBOARD_SECRET_KEY (was it encrypted with another key?)' };
  }
}

/** The configured key (CRONBOARD_SECRET_KEY, already validated at start-up) as bytes, or null when none is set. */
export function secretKeyOf(config: { secretKey?: string }): Buffer | null {
  return config.secretKey ? parseSecretKey(config.secretKey) : null;
}
