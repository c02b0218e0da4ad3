import type { Db } from '../db';
import { forgetSecret } from './identity-cache';
import { hashSecretToken, newSecretToken } from './secret-token';

export const SESSION_DAYS = 7;
const DAY_MS = 86_400_000;
/** lastSeenAt / expiry are written at most this often per session (sliding expiry without a write per request). */
const TOUCH_EVERY_MS = 5 * 60_000;

/** Starts a session (a sign-in: the user's lastLoginAt is set); returns the cookie value, the only copy of the secret. */
export async function createSession(options: { db: Db; userId: string; ip?: string | null; userAgent?: string | null; now?: Date }): Promise<{ token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const token = newSecretToken('cbs');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
  await options.db.session.create({
    data: { tokenHash: hashSecretToken(token), userId: options.userId, expiresAt, lastSeenAt: now, createdAt: now, ip: options.ip ?? null, userAgent: options.userAgent?.slice(0, 300) ?? null },
  });
  await options.db.user.update({ where: { id: options.userId }, data: { lastLoginAt: now } });
  return { token, expiresAt };
}

export interface SessionUser {
  sessionId: string;
  /** When it ends unless used again (sliding). */
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: string };
}

/** The user behind a session cookie, or null when it is unknown, expired or the user is disabled. */
export async function resolveSession(options: { db: Db; token: string; now?: Date }): Promise<SessionUser | null> {
  return verifySession({ ...options, tokenHash: hashSecretToken(options.token) });
}

/** resolveSession by the secret's hash (the identity cache's key). */
export async function verifySession(options: { db: Db; tokenHash: string; now?: Date }): Promise<SessionUser | null> {
  const now = options.now ?? new Date();
  const session = await options.db.session.findUnique({
    where: { tokenHash: options.tokenHash },
    include: { user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } } },
  });
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  let expiresAt = session.expiresAt;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
    await options.db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now, expiresAt } });
  }
  const { disabledAt: _disabled, ...user } = session.user;
  return { sessionId: session.id, expiresAt, user };
}

/** Signs a session out (logout). Unknown tokens are ignored. */
export async function deleteSession(options: { db: Db; token: string }): Promise<void> {
  const tokenHash = hashSecretToken(options.token);
  await options.db.session.deleteMany({ where: { tokenHash } });
  forgetSecret(options.db, tokenHash);
}
