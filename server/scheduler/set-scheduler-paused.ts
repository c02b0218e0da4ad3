import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { recordEvent } from '../events/record-event';
import { SCHEDULER_PAUSED_KEY, getSchedulerState, pausedValue, type SchedulerState } from './scheduler-state';

/**
 * Pauses or resumes the scheduler for the whole fleet. While paused no worker
 * materializes scheduled runs; manual, API and retry runs still queue and
 * queued runs still run. On resume each task's misfire policy decides what
 * its missed fire times become (the tick reads a past nextRunAt as after
 * downtime: coalesce → one run, catch_up → at most catchUpLimit, skip → only
 * within the grace). Asking for the state it is already in changes nothing
 * and records no event (`changed: false`).
 */
export async function setSchedulerPaused(options: {
  db: Db;
  paused: boolean;
  actor: Actor;
  now?: Date;
}): Promise<SchedulerState & { changed: boolean }> {
  const now = options.now ?? new Date();
  return writeTransaction(
    options.db,
    async (tx) => {
      const before = await getSchedulerState({ db: tx });
      if (before.paused === options.paused) return { ...before, changed: false };
      if (options.paused) {
        const value = pausedValue(now, options.actor.name);
        await tx.setting.create({ data: { key: SCHEDULER_PAUSED_KEY, value: { ...value } } });
        await recordEvent({ db: tx, type: 'scheduler.paused', actor: options.actor, payload: value });
      } else {
        await tx.setting.deleteMany({ where: { key: SCHEDULER_PAUSED_KEY } });
        await recordEvent({
          db: tx,
          type: 'scheduler.resumed',
          actor: options.actor,
          payload: { pausedSince: before.since, pausedBy: before.by },
        });
      }
      return { ...(await getSchedulerState({ db: tx })), changed: true };
    },
    { serializeOn: 'scheduler-switch' },
  );
}
