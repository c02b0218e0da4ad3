import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { setSchedulerPaused } from '../scheduler/set-scheduler-paused';

/**
 * The schedule server's `start` / `stop`: the whole scheduler on or off, the
 * same switch as `cronboard scheduler resume|pause` (admin). Asking for the
 * state it is already in changes nothing and says so.
 */
export async function scheduleServerSwitch(options: { db: Db; paused: boolean; actor: Actor }): Promise<string> {
  const { changed } = await setSchedulerPaused(options);
  const state = options.paused ? 'stopped' : 'started';
  return changed ? `Scheduler ${state}` : `Scheduler already ${state}`;
}
