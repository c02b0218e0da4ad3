// A task's coming fire times as the worker will fire them: the first is its
// stored nextRunAt (the worker's truth, not a fresh computation from now, which
// for an interval would count from the wrong anchor), the rest follow it as the
// schedule tick will advance it.
import { fireTimesAfterAFire } from './next';
import type { Schedule } from './types';

export interface FireTimesFromNextRunOptions {
  /** Fire times at or after this are left out (the end of a window). */
  until?: Date;
  /** At most this many (bounds the work for frequent schedules). */
  limit: number;
  /** The task's stored scheduleAnchorAt, the grid an interval fires on (as the worker reads it); default: nextRunAt. */
  anchor?: Date | null;
}

export function fireTimesFromNextRun(schedule: Schedule, nextRunAt: Date, options: FireTimesFromNextRunOptions): Date[] {
  const until = options.until?.getTime() ?? Infinity;
  if (options.limit < 1 || nextRunAt.getTime() >= until) return [];
  const out = [nextRunAt];
  const anchor = options.anchor ?? nextRunAt;
  // Computed in steps, so a window holding few of many possible fire times does not compute all of them.
  const step = Math.min(options.limit - 1, 64);
  while (out.length < options.limit) {
    const last = out.at(-1)!;
    const more = fireTimesAfterAFire(schedule, last, Math.min(step, options.limit - out.length), { anchor });
    if (more.length === 0) break;
    for (const at of more) {
      if (at.getTime() >= until) return out;
      out.push(at);
    }
  }
  return out;
}
