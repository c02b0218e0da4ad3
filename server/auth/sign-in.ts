import type { Db } from '../db';
import { recordEvent } from '../events/record-event';
import { clearLoginFailures, reserveLoginAttempt, tooManyAttemptsMessage } from './login-limits';
import { dummyPasswordHash, verifyPassword } from './password';
import { createSession } from './sessions';
import { INVALID_LOGIN_MESSAGE } from './sign-in-messages';

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; user: { id: string; email: string; role: string } }
  | { ok: false; reason: 'invalid'; message: string }
  | { ok: false; reason: 'rate_limited'; message: string; retryAt: Date };

export { INVALID_LOGIN_MESSAGE };

/**
 * Email + password → a new session. Rate-limited per account and per address
 * (attempts reserved in the database before the password is checked); an unknown email still verifies against
 * a dummy hash so both failures take the same time.
 */
export async function signIn(options: { db: Db; email: string; password: string; ip: string; userAgent?: string | null; now?: Date }): Promise<SignInResult> {
  const now = options.now ?? new Date();
  const email = options.email.trim().toLowerCase();
  // Counted before the password is checked, in one atomic step: a burst gets no more checks than the limit.
  const reserved = await reserveLoginAttempt({ db: options.db, ip: options.ip, email, now });
  if (!reserved.ok) return { ok: false, reason: 'rate_limited', retryAt: reserved.retryAt, message: tooManyAttemptsMessage(reserved.retryAt, now) };

  const user = await options.db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(options.password, user?.passwordHash ?? (await dummyPasswordHash()));
  // A failure keeps its reservation: that is the failure counted.
  if (!user || !valid || user.disabledAt) {
    return { ok: false, reason: 'invalid', message: INVALID_LOGIN_MESSAGE };
  }
  await clearLoginFailures({ db: options.db, email });
  const session = await createSession({ db: options.db, userId: user.id, ip: options.ip, userAgent: options.userAgent, now });
  await recordEvent({ db: options.db, type: 'user.login', actor: { type: 'user', id: user.id, name: user.email, role: user.role as 'viewer' }, payload: { ip: options.ip } });
  return { ok: true, ...session, user: { id: user.id, email: user.email, role: user.role } };
}
