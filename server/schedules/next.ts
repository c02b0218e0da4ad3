// Fire instants of a parsed schedule, strictly after `from`.
import { AppError } from '../errors';
import { cronNext } from './cron-next';
import { parseCron, type CronSpec } from './parse-cron';
import { compiledCron } from './parse';
import type { Schedule } from './types';
import { fireTimesFromNextRun } from './fire-times-from-next-run';

// Schedules read back from the database are plain objects, not parse results:
// compile their expression once and keep it (bounded, cron specs are tz-free).
const byExpression = new Map<string, CronSpec>();
const CACHE_LIMIT = 5000;

function specFor(schedule: Extract<Schedule, { kind: 'cron' }>): CronSpec {
  const known = compiledCron.get(schedule) ?? byExpression.get(schedule.expression);
  if (known) return known;
  const r = parseCron(schedule.expression);
  if (!r.ok) throw new AppError('INVALID_SCHEDULE', r.error.message);
  if (byExpression.size >= CACHE_LIMIT) byExpression.clear();
  byExpression.set(schedule.expression, r.value.spec);
  return r.value.spec;
}

/**
 * Fire instants strictly after `from`. Intervals are anchored at opts.anchor
 * when given (task creation / last fire), else at `from`. `once` with at=null
 * ("now") fires at `from`. manual and event (`on: …`) → [].
 */
export function nextFireTimes(schedule: Schedule, from: Date, count: number, opts?: { anchor?: Date }): Date[] {
  const n = Math.floor(count);
  const fromMs = from.getTime();
  if (Number.isNaN(fromMs)) throw new AppError('BAD_REQUEST', 'nextFireTimes: `from` is not a valid date');
  if (!(n > 0)) return [];
  switch (schedule.kind) {
    case 'manual':
    case 'event':
      return [];
    case 'once':
      if (schedule.at === null) return [new Date(fromMs)];
      return schedule.at.getTime() > fromMs ? [new Date(schedule.at.getTime())] : [];
    case 'interval': {
      const every = schedule.everyMs;
      if (!(every >= 1000)) throw new AppError('INVALID_SCHEDULE', `interval of ${every} ms is shorter than a second`);
      const anchorMs = opts?.anchor?.getTime();
      const anchor = anchorMs === undefined || Number.isNaN(anchorMs) ? fromMs : anchorMs;
      const k = anchor > fromMs ? 1 : Math.floor((fromMs - anchor) / every) + 1;
      const out: Date[] = [];
      for (let i = 0; i < n; i++) out.push(new Date(anchor + (k + i) * every));
      return out;
    }
    case 'cron': {
      try {
        return cronNext(specFor(schedule), schedule.timezone, fromMs, n).map((ms) => new Date(ms));
      } catch (error) {
        if (error instanceof AppError) throw error;
        // Intl rejects an unknown zone with a RangeError.
        throw new AppError('INVALID_SCHEDULE', `cannot compute fire times in timezone '${schedule.timezone}'`, {
          cause: error,
        });
      }
    }
  }
}

/**
 * Where an interval schedule saved (or resumed) at `now` counts from: `now`
 * on the whole minute (whole second for intervals of seconds), so "every 5
 * minutes" fires at 21:55:00, 22:00:00, … and never at the odd seconds of
 * the moment someone pressed Save. Other kinds count from `now` itself. The
 * task services store it as scheduleAnchorAt; the preview uses the same.
 */
export function scheduleAnchor(schedule: Schedule, now: Date): Date {
  if (schedule.kind !== 'interval') return now;
  const unit = schedule.everyMs % 60_000 === 0 ? 60_000 : 1000;
  return new Date(Math.floor(now.getTime() / unit) * unit);
}

// One rule for "a task's coming fire times": fireTimesFromNextRun (its nextRunAt, then the task's grid).
/**
 * The next `count` fire times of a saved task, as the worker will fire them:
 * the first is its real nextRunAt, the rest follow it on the task's anchor.
 * A task with no nextRunAt (paused, in Done/Cancelled, never scheduled) gets
 * what it would do if (re)started now. Shared by the task page, the card and
 * the task form's preview of an unchanged schedule.
 */
export function taskFireTimes(
  schedule: Schedule,
  task: { nextRunAt: Date | null; scheduleAnchorAt: Date | null },
  count: number,
  now: Date,
): Date[] {
  if (!task.nextRunAt) return nextFireTimes(schedule, now, count, { anchor: scheduleAnchor(schedule, now) });
  return fireTimesFromNextRun(schedule, task.nextRunAt, { limit: count, anchor: task.scheduleAnchorAt });
}

/**
 * The fire times that follow a fire (strictly after `from`): a one-time
 * schedule (a date or `now`) fires once, so nothing follows it; any other
 * schedule as nextFireTimes. The schedule tick advances nextRunAt with this,
 * so `now` cannot answer "now" again after it ran (issue 18: it fired after
 * every run).
 */
export function fireTimesAfterAFire(schedule: Schedule, from: Date, count: number, opts?: { anchor?: Date }): Date[] {
  return schedule.kind === 'once' ? [] : nextFireTimes(schedule, from, count, opts);
}
