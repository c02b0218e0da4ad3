import type { Db } from '../db';
import { userSummarySelect, type UserSummary } from './user-summary';

export async function listUsers(options: { db: Db }): Promise<UserSummary[]> {
  return options.db.user.findMany({ orderBy: { createdAt: 'asc' }, select: userSummarySelect });
}

/** While this is false the web app shows the one-time setup page. */
export async function hasUsers(options: { db: Db }): Promise<boolean> {
  return (await options.db.user.count()) > 0;
}
