import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';

/** Sign-in attempts allowed in the window, per account and per client address. */
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perAccount: 5, perIp: 20 };

// Every reservation queues on this one key (a PostgreSQL advisory lock; SQLite's
// write lock already serializes): two short statements, never a password check.
const RESERVE_LOCK = 'login-attempts';

type Tx = WriteTx;

/** When the caller may try again (null: now), from the attempts stored in the window. */
async function retryAt(tx: Tx, options: { ip: string; email: string; now: Date }): Promise<Date | null> {
  const since = new Date(options.now.getTime() - LOGIN_LIMITS.windowMs);
  const checks = [
    { where: { email: options.email, at: { gt: since } }, limit: LOGIN_LIMITS.perAccount },
    { where: { ip: options.ip, at: { gt: since } }, limit: LOGIN_LIMITS.perIp },
  ];
  let until: Date | null = null;
  for (const check of checks) {
    // The attempt that must leave the window before one more is allowed.
    const blocking = await tx.loginAttempt.findMany({
      where: check.where,
      orderBy: { at: 'desc' },
      skip: check.limit - 1,
      take: 1,
      select: { at: true },
    });
    const at = blocking[0]?.at;
    if (at) {
      const free = new Date(at.getTime() + LOGIN_LIMITS.windowMs);
      if (!until || free > until) until = free;
    }
  }
  return until;
}

/**
 * Counts and reserves a sign-in attempt in one write transaction, before the
 * password is checked: of any number of parallel tries only the allowed ones
 * get a reservation (each counts as a failure until a success clears the
 * account's), the rest are refused with when to try again. Serialised by the
 * SQLite write lock, or an advisory lock on PostgreSQL, so it holds across
 * web processes too.
 */
export function reserveLoginAttempt(options: {
  db: Db;
  ip: string;
  email: string;
  now: Date;
}): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
  // One reservation at a time per process: a burst queues here instead of each
  // holding a pooled connection while it waits for the database lock.
  const run = queue.tail.then(() => reserve(options));
  queue.tail = run.catch(() => undefined);
  return run;
}

const queue = ((globalThis as { __cronboardLoginQueue?: { tail: Promise<unknown> } }).__cronboardLoginQueue ??= {
  tail: Promise.resolve(),
});

async function reserve(options: {
  db: Db;
  ip: string;
  email: string;
  now: Date;
}): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
  return writeTransaction(
    options.db,
    async (tx) => {
      const until = await retryAt(tx, options);
      if (until) return { ok: false as const, retryAt: until };
      await tx.loginAttempt.create({ data: { ip: options.ip, email: options.email, at: options.now } });
      // Keep the table small: what has left every window is of no use.
      await tx.loginAttempt.deleteMany({ where: { at: { lt: new Date(options.now.getTime() - 2 * LOGIN_LIMITS.windowMs) } } });
      return { ok: true as const };
    },
    { maxWait: 30_000, timeout: 30_000, serializeOn: RESERVE_LOCK },
  );
}

/** A successful sign-in clears the account's attempts, its own reservation included (not the address's other accounts'). */
export async function clearLoginFailures(options: { db: Db; email: string }): Promise<void> {
  await options.db.loginAttempt.deleteMany({ where: { email: options.email } });
}

export function tooManyAttemptsMessage(retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return `Too many attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
