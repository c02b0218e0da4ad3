import type { Db } from '../db';
import { verifyApiToken } from './api-tokens';
import type { Actor } from './actor';
import { cachedIdentity } from './identity-cache';
import { readBearer, readCookie, SESSION_COOKIE } from './request-auth';
import { hashSecretToken } from './secret-token';
import { verifySession } from './sessions';

export interface RequestIdentity {
  actor: Actor | null;
  /** How the caller proved who they are: cookie requests need the CSRF check on writes, Bearer ones do not. */
  via: 'cookie' | 'bearer' | null;
}

const ANONYMOUS: RequestIdentity = { actor: null, via: null };

/**
 * Who is calling: `Authorization: Bearer <token>` first, else the session
 * cookie. A Bearer header that does not verify is anonymous (401), never a
 * fallback to the cookie. A credential that verified is trusted for a few
 * seconds without reading the database again (server/auth/identity-cache.ts).
 */
export async function identifyRequest(options: { db: Db; headers: Headers; now?: Date }): Promise<RequestIdentity> {
  const now = options.now ?? new Date();
  const bearer = readBearer(options.headers);
  if (bearer) {
    const tokenHash = hashSecretToken(bearer);
    const identity = await cachedIdentity(options.db, 'bearer', tokenHash, now, async () => {
      const verified = await verifyApiToken({ db: options.db, tokenHash, now });
      return verified && { identity: { actor: verified.actor, via: 'bearer' }, credentialId: verified.actor.id, userId: verified.actor.user.id, expiresAt: verified.expiresAt };
    });
    return identity ?? ANONYMOUS;
  }
  const cookie = readCookie(options.headers, SESSION_COOKIE);
  if (cookie) {
    const tokenHash = hashSecretToken(cookie);
    const identity = await cachedIdentity(options.db, 'cookie', tokenHash, now, async () => {
      const session = await verifySession({ db: options.db, tokenHash, now });
      if (!session) return null;
      const { user } = session;
      const actor: Actor = { type: 'user', id: user.id, name: user.email, role: user.role as Actor['role'], user: { id: user.id, email: user.email } };
      return { identity: { actor, via: 'cookie' }, credentialId: session.sessionId, userId: user.id, expiresAt: session.expiresAt };
    });
    if (identity) return identity;
  }
  return ANONYMOUS;
}
