import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import type { Actor, Role } from '../auth/actor';
import { forgetUser } from '../auth/identity-cache';
import { userSummarySelect, type UserSummary } from './user-summary';

/**
 * Changes that can remove an active admin run one at a time (see
 * writeTransaction's serializeOn): each reads "another active admin exists"
 * after the previous one committed, so two admins demoting each other at once
 * leave one admin instead of none.
 */
const ADMINS_KEY = 'users.active-admins';

async function findByEmail(tx: WriteTx, email: string) {
  const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new AppError('NOT_FOUND', `No user with email '${email}'`);
  return user;
}

/** An admin may not remove the last active admin (nobody could manage users any more). */
async function assertAnotherAdmin(tx: WriteTx, userId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: 'admin', disabledAt: null, id: { not: userId } } });
  if (others === 0) throw new AppError('CONFLICT', 'This is the last active admin; make someone else admin first.');
}

export async function setUserRole(options: { db: Db; email: string; role: Role; actor: Actor }): Promise<UserSummary> {
  const updated = await writeTransaction(
    options.db,
    async (tx) => {
      const user = await findByEmail(tx, options.email);
      if (user.role === 'admin' && options.role !== 'admin' && !user.disabledAt) await assertAnotherAdmin(tx, user.id);
      const updated = await tx.user.update({ where: { id: user.id }, data: { role: options.role }, select: userSummarySelect });
      await recordEvent({ db: tx, type: 'user.role_changed', actor: options.actor, payload: { userId: user.id, email: user.email, from: user.role, to: options.role } });
      return updated;
    },
    { serializeOn: ADMINS_KEY },
  );
  // After the commit: this process's next request of theirs reads the new role or state (server/auth/identity-cache.ts).
  forgetUser(options.db, updated.id);
  return updated;
}

/** Disabled users cannot sign in; their sessions are deleted and their tokens stop working at once. */
export async function setUserDisabled(options: { db: Db; email: string; disabled: boolean; actor: Actor }): Promise<UserSummary> {
  const updated = await writeTransaction(
    options.db,
    async (tx) => {
      const user = await findByEmail(tx, options.email);
      if (options.disabled && user.role === 'admin' && !user.disabledAt) await assertAnotherAdmin(tx, user.id);
      const row = await tx.user.update({ where: { id: user.id }, data: { disabledAt: options.disabled ? (user.disabledAt ?? new Date()) : null }, select: userSummarySelect });
      if (options.disabled) await tx.session.deleteMany({ where: { userId: user.id } });
      await recordEvent({ db: tx, type: options.disabled ? 'user.disabled' : 'user.enabled', actor: options.actor, payload: { userId: user.id, email: user.email } });
      return row;
    },
    { serializeOn: ADMINS_KEY },
  );
  // After the commit: this process's next request of theirs reads the new role or state (server/auth/identity-cache.ts).
  forgetUser(options.db, updated.id);
  return updated;
}
