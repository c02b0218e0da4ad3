import { AppError } from '../errors';
import { nextFireTimes, parseSchedule, scheduleAnchor } from '../schedules';

/**
 * The next fire time of a schedule that starts (again) now: resume after a
 * pause, a card back out of Done/Cancelled. Counting from now means the fire
 * times missed meanwhile do not come as a burst of runs. Null when the
 * schedule is not active, or is a one-time schedule that already ran.
 * `anchor` is what to store as scheduleAnchorAt (an interval counts from the
 * whole minute: scheduleAnchor).
 */
export function nextRunFromNow(
  task: { key: string; schedule: string; timezone: string; lastRunAt: Date | null },
  active: boolean,
  now: Date,
): { nextRunAt: Date | null; anchor: Date } {
  const parsed = parseSchedule(task.schedule, { timezone: task.timezone });
  if (!parsed.ok)
    throw new AppError(
      'INVALID_SCHEDULE',
      `Task '${task.key}' has an invalid schedule '${task.schedule}': ${parsed.error.message}`,
    );
  // A one-time 'now' task that already ran must not run again because it was stopped once.
  const spent = parsed.schedule.kind === 'once' && task.lastRunAt !== null;
  const anchor = scheduleAnchor(parsed.schedule, now);
  return { nextRunAt: active && !spent ? (nextFireTimes(parsed.schedule, now, 1, { anchor })[0] ?? null) : null, anchor };
}
