import type { Db } from '../db';
import { resolveApiToken } from './api-tokens';
import type { Actor } from './actor';
import { readBearer, readCookie, SESSION_COOKIE } from './request-auth';
import { resolveSession } from './sessions';

export interface RequestIdentity {
  actor: Actor | null;
  /** How the caller proved who they are: cookie requests need the CSRF check on writes, Bearer ones do not. */
  via: 'cookie' | 'bearer' | null;
}

/**
 * Who is calling: `Authorization: Bearer <token>` first, else the session
 * cookie. A Bearer header that does not verify is anonymous (401), never a
 * fallback to the cookie.
 */
export async function identifyRequest(options: { db: Db; headers: Headers; now?: Date }): Promise<RequestIdentity> {
  const bearer = readBearer(options.headers);
  if (bearer) {
    const actor = await resolveApiToken({ db: options.db, token: bearer, now: options.now });
    return { actor, via: actor ? 'bearer' : null };
  }
  const cookie = readCookie(options.headers, SESSION_COOKIE);
  if (cookie) {
    const session = await resolveSession({ db: options.db, token: cookie, now: options.now });
    if (session) {
      const { user } = session;
      return { actor: { type: 'user', id: user.id, name: user.email, role: user.role as Actor['role'], user: { id: user.id, email: user.email } }, via: 'cookie' };
    }
  }
  return { actor: null, via: null };
}
