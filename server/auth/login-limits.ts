import type { Db } from '../db';

/** Failed sign-ins allowed in the window, per account and per client address. */
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perAccount: 5, perIp: 20 };

/**
 * When the caller may try again (null: now). Counts failures stored in the
 * database, so the limit holds however many web processes share it.
 */
export async function loginRetryAt(options: { db: Db; ip: string; email: string; now: Date }): Promise<Date | null> {
  const since = new Date(options.now.getTime() - LOGIN_LIMITS.windowMs);
  const checks = [
    { where: { email: options.email, at: { gt: since } }, limit: LOGIN_LIMITS.perAccount },
    { where: { ip: options.ip, at: { gt: since } }, limit: LOGIN_LIMITS.perIp },
  ];
  let retryAt: Date | null = null;
  for (const check of checks) {
    // The failure that must leave the window before one more try is allowed.
    const blocking = await options.db.loginAttempt.findMany({ where: check.where, orderBy: { at: 'desc' }, skip: check.limit - 1, take: 1, select: { at: true } });
    const at = blocking[0]?.at;
    if (at) {
      const until = new Date(at.getTime() + LOGIN_LIMITS.windowMs);
      if (!retryAt || until > retryAt) retryAt = until;
    }
  }
  return retryAt;
}

export async function recordLoginFailure(options: { db: Db; ip: string; email: string; now: Date }): Promise<void> {
  await options.db.loginAttempt.create({ data: { ip: options.ip, email: options.email, at: options.now } });
  // Keep the table small: what has left every window is of no use.
  await options.db.loginAttempt.deleteMany({ where: { at: { lt: new Date(options.now.getTime() - 2 * LOGIN_LIMITS.windowMs) } } });
}

/** A successful sign-in clears the account's failures (not the address's). */
export async function clearLoginFailures(options: { db: Db; email: string }): Promise<void> {
  await options.db.loginAttempt.deleteMany({ where: { email: options.email } });
}

export function tooManyAttemptsMessage(retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return `Too many attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
