import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config';
import {
  type Decrypted,
  decryptSecret,
  encryptSecret,
  isEncrypted,
  parseSecretKey,
  secretKeyOf,
} from '../../../server/secrets/crypto';

const key = randomBytes(32);
const errorOf = (d: Decrypted) => (d.ok ? 'decrypted' : d.error);

describe('secret encryption (AES-256-GCM, enc:v1:)', () => {
  it('round-trips a value and never stores it in the clear; each encryption has its own IV', () => {
    const a = encryptSecret('s3cr3t-value ✓', key);
    const b = encryptSecret('s3cr3t-value ✓', key);
    expect(a).toMatch(/^enc:v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('s3cr3t');
    expect(a).not.toBe(b);
    expect(isEncrypted(a)).toBe(true);
    expect(decryptSecret(a, key)).toEqual({ ok: true, value: 's3cr3t-value ✓' });
  });

  it('says why a value cannot be decrypted: no key, another key, a damaged or tampered value', () => {
    const stored = encryptSecret('value', key);
    expect(errorOf(decryptSecret(stored, null))).toContain('CRONBOARD_SECRET_KEY is not set');
    expect(errorOf(decryptSecret(stored, randomBytes(32)))).toContain('another key');
    expect(errorOf(decryptSecret('enc:v1:abc', key))).toContain('damaged');
    const [iv, tag, data] = stored.slice('enc:v1:'.length).split(':') as [string, string, string];
    const flipped = Buffer.from(data, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(decryptSecret(`enc:v1:${iv}:${tag}:${flipped.toString('base64')}`, key).ok).toBe(false);
    // A short (truncated) tag is refused, not accepted as a weaker check.
    expect(decryptSecret(`enc:v1:${iv}:${Buffer.from(tag, 'base64').subarray(0, 4).toString('base64')}:${data}`, key).ok).toBe(
      false,
    );
    expect(errorOf(decryptSecret('enc:v2:x:y:z', key))).toContain('unknown');
  });

  it('takes the key as 32 bytes in base64 (openssl rand -base64 32), base64url or hex, and nothing else', () => {
    const bytes = randomBytes(32);
    expect(parseSecretKey(bytes.toString('base64'))?.equals(bytes)).toBe(true);
    expect(parseSecretKey(bytes.toString('base64url'))?.equals(bytes)).toBe(true);
    expect(parseSecretKey(bytes.toString('hex'))?.equals(bytes)).toBe(true);
    expect(parseSecretKey(randomBytes(16).toString('base64'))).toBeNull();
    expect(parseSecretKey('correct horse battery staple')).toBeNull();
  });
});

describe('CRONBOARD_SECRET_KEY in the configuration', () => {
  it('is optional, and a bad one stops start-up naming the key and how to make one, without echoing it', () => {
    expect(secretKeyOf(loadConfig({ env: {} }))).toBeNull();
    const good = randomBytes(32).toString('base64');
    expect(secretKeyOf(loadConfig({ env: { CRONBOARD_SECRET_KEY: good } }))?.length).toBe(32);
    let message = '';
    try {
      loadConfig({ env: { CRONBOARD_SECRET_KEY: 'hunter2-is-my-key' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('CRONBOARD_SECRET_KEY (environment): must be 32 bytes in base64 or hex');
    expect(message).toContain('openssl rand -base64 32');
    expect(message).not.toContain('hunter2');
  });
});
