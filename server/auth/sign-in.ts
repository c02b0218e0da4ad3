import type { Db } from '../db';
import { recordEvent } from '../events/record-event';
import { clearLoginFailures, loginRetryAt, recordLoginFailure, tooManyAttemptsMessage } from './login-limits';
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
 * (failures stored in the database); an unknown email still verifies against
 * a dummy hash so both failures take the same time.
 */
export async function signIn(options: { db: Db; email: string; password: string; ip: string; userAgent?: string | null; now?: Date }): Promise<SignInResult> {
  const now = options.now ?? new Date();
  const email = options.email.trim().toLowerCase();
  const retryAt = await loginRetryAt({ db: options.db, ip: options.ip, email, now });
  if (retryAt) return { ok: false, reason: 'rate_limited', retryAt, message: tooManyAttemptsMessage(retryAt, now) };

  const user = await options.db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(options.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !valid || user.disabledAt) {
    await recordLoginFailure({ db: options.db, ip: options.ip, email, now });
    return { ok: false, reason: 'invalid', message: INVALID_LOGIN_MESSAGE };
  }
  await clearLoginFailures({ db: options.db, email });
  const session = await createSession({ db: options.db, userId: user.id, ip: options.ip, userAgent: options.userAgent, now });
  await recordEvent({ db: options.db, type: 'user.login', actor: { type: 'user', id: user.id, name: user.email, role: user.role as 'viewer' }, payload: { ip: options.ip } });
  return { ok: true, ...session, user: { id: user.id, email: user.email, role: user.role } };
}
