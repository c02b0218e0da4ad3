import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import type { Actor, Role } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { userSummarySelect, type UserSummary } from './user-summary';

/** Marker row that makes "create the first admin" happen once: its primary key admits one insert. */
const FIRST_ADMIN_MARKER = 'auth.first-admin';

export interface CreateUserOptions {
  db: Db;
  email: string;
  name?: string;
  password: string;
  role: Role;
  actor: Actor;
  /** Setup page: succeed only while no user exists, atomically (two concurrent submissions create one admin). */
  onlyIfFirst?: boolean;
}

export async function createUser(options: CreateUserOptions): Promise<UserSummary> {
  const email = options.email.trim().toLowerCase();
  const passwordHash = await hashPassword(options.password);
  const db = options.db;
  try {
    // Every path writes first (no read-then-write upgrade, which SQLite in WAL mode can refuse
    // with SQLITE_BUSY); a duplicate email is the unique index's P2002, mapped below.
    return await writeTransaction(db, async (tx) => {
      if (options.onlyIfFirst) {
        // The insert conflicts (or, on PostgreSQL, waits for the other transaction and then conflicts).
        await tx.setting.create({ data: { key: FIRST_ADMIN_MARKER, value: { email, at: new Date().toISOString() } } });
        if ((await tx.user.count()) > 0) throw new AppError('CONFLICT', 'Setup is already done; sign in instead.');
      }
      const user = await tx.user.create({ data: { email, name: options.name?.trim() || email.split('@')[0]!, passwordHash, role: options.role }, select: userSummarySelect });
      const actor = options.onlyIfFirst ? { type: 'user' as const, id: user.id, name: user.email, role: options.role } : options.actor;
      await recordEvent({ db: tx, type: 'user.created', actor, payload: { userId: user.id, email, role: options.role, firstAdmin: !!options.onlyIfFirst } });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw options.onlyIfFirst
        ? new AppError('CONFLICT', 'Setup is already done; sign in instead.')
        : new AppError('CONFLICT', `A user with email '${email}' already exists`, { issues: [{ path: 'email', message: 'is already taken' }] });
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
