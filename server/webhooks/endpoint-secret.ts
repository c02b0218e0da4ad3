import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import { decryptSecret, encryptSecret, isEncrypted } from '../secrets/crypto';

/** A new signing secret in the Standard Webhooks form: `whsec_` + 24 random bytes in base64. */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The secret as stored: encrypted (enc:v1:) when CRONBOARD_SECRET_KEY is set, like task secrets. */
export function storedSecret(secret: string, key: Buffer | null): string {
  return key ? encryptSecret(secret, key) : secret;
}

/** The plain secret to sign with, or a clear error (no key, another key). */
export function plainSecret(stored: string, key: Buffer | null, endpointId: string): string {
  if (!isEncrypted(stored)) return stored;
  const plain = decryptSecret(stored, key);
  if (!plain.ok) throw new AppError('INVALID_CONFIG', `The secret of webhook endpoint ${endpointId} ${plain.error}`);
  return plain.value;
}
