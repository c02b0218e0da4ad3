import type { Db } from '../db';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import type { Actor, Role } from '../auth/actor';
import { userSummarySelect, type UserSummary } from './user-summary';

async function findByEmail(db: Db, email: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new AppError('NOT_FOUND', `No user with email '${email}'`);
  return user;
}

/** An admin may not remove the last active admin (nobody could manage users any more). */
async function assertAnotherAdmin(db: Db, userId: string): Promise<void> {
  const others = await db.user.count({ where: { role: 'admin', disabledAt: null, id: { not: userId } } });
  if (others === 0) throw new AppError('CONFLICT', 'This is the last active admin; make someone else admin first.');
}

export async function setUserRole(options: { db: Db; email: string; role: Role; actor: Actor }): Promise<UserSummary> {
  const user = await findByEmail(options.db, options.email);
  if (user.role === 'admin' && options.role !== 'admin' && !user.disabledAt) await assertAnotherAdmin(options.db, user.id);
  const updated = await options.db.user.update({ where: { id: user.id }, data: { role: options.role }, select: userSummarySelect });
  await recordEvent({ db: options.db, type: 'user.role_changed', actor: options.actor, payload: { userId: user.id, email: user.email, from: user.role, to: options.role } });
  return updated;
}

/** Disabled users cannot sign in; their sessions are deleted and their tokens stop working at once. */
export async function setUserDisabled(options: { db: Db; email: string; disabled: boolean; actor: Actor }): Promise<UserSummary> {
  const user = await findByEmail(options.db, options.email);
  if (options.disabled && user.role === 'admin' && !user.disabledAt) await assertAnotherAdmin(options.db, user.id);
  const updated = await options.db.$transaction(async (tx) => {
    const row = await tx.user.update({ where: { id: user.id }, data: { disabledAt: options.disabled ? (user.disabledAt ?? new Date()) : null }, select: userSummarySelect });
    if (options.disabled) await tx.session.deleteMany({ where: { userId: user.id } });
    await recordEvent({ db: tx, type: options.disabled ? 'user.disabled' : 'user.enabled', actor: options.actor, payload: { userId: user.id, email: user.email } });
    return row;
  });
  return updated;
}
