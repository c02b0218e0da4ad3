import { createHash, randomBytes } from 'node:crypto';

/**
 * A high-entropy random secret (256 bits) with a readable prefix. Only its
 * sha256 is stored: with this much entropy a slow hash adds nothing, and a
 * fast one keeps every request's lookup cheap.
 */
export function newSecretToken(prefix: 'cbs' | 'cbt'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
