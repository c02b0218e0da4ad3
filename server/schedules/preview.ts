// Everything the task form and `cronboard schedule next` show for a schedule
// being typed: normalized form, description, next fire times. Never throws.
import { describeSchedule } from './describe';
import { nextFireTimes, scheduleAnchor } from './next';
import { parseSchedule } from './parse';
import { fail, type PreviewResult } from './types';

export const DEFAULT_PREVIEW_COUNT = 5;
export const MAX_PREVIEW_COUNT = 100;

export function previewSchedule(input: string, opts: { timezone?: string; from?: Date; count?: number } = {}): PreviewResult {
  try {
    const parsed = parseSchedule(input, { timezone: opts.timezone });
    if (!parsed.ok) return parsed;
    const { schedule } = parsed;
    const count = Math.min(Math.max(Math.floor(opts.count ?? DEFAULT_PREVIEW_COUNT) || 0, 0), MAX_PREVIEW_COUNT);
    const from = opts.from && !Number.isNaN(opts.from.getTime()) ? opts.from : new Date();
    return {
      ok: true,
      kind: schedule.kind,
      normalized: schedule.expression,
      description: describeSchedule(schedule),
      timezone: schedule.timezone,
      // As if saved now: an interval counts from the whole minute (scheduleAnchor), like the saved task will.
      next: nextFireTimes(schedule, from, count, { anchor: scheduleAnchor(schedule, from) }),
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(`could not preview schedule: ${detail}`, 'schedule');
  }
}
