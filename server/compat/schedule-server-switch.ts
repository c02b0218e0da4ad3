import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { AppError } from '../errors';

/**
 * The schedule server's `start` / `stop` (the whole scheduler on or off). The
 * global scheduler switch (setSchedulerPaused in server/scheduler/) is built on
 * another branch; until it is merged this refuses with 400. At the merge this
 * one function calls `setSchedulerPaused({ db, paused, actor })` and returns
 * the sentence to answer ("Scheduler stopped" / "Scheduler started").
 */
export function scheduleServerSwitch(options: { db: Db; paused: boolean; actor: Actor }): Promise<string> {
  void options;
  return Promise.reject(new AppError('BAD_REQUEST', 'start/stop are not available yet'));
}
