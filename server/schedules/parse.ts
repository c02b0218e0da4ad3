// The one entry point that turns user text into a Schedule. Decides which
// form the text is in, then hands it to that form's parser. Never throws.
import { AppError } from '../errors';
import { looksLikeCron, parseCron, type CronSpec } from './parse-cron';
import { looksLikeInterval, parseInterval } from './parse-interval';
import { looksLikeIsoDate, parseIsoInstant } from './parse-once';
import { looksLikeOn, parseOn } from './parse-on';
import { looksLikeWords, parseWords } from './parse-words';
import { canonicalTimezone } from './timezone';
import { fail, type ParseOptions, type ParseResult, type Schedule } from './types';

export const MAX_SCHEDULE_LENGTH = 200;

/** Compiled cron of schedules made by parseSchedule, so nextFireTimes need not re-parse. */
export const compiledCron = new WeakMap<Schedule, CronSpec>();

const FORMS =
  "expected cron such as '0 2 * * *', an interval such as '5m' or 'every 2 hours', words such as 'daily at 10:30', " +
  "an ISO-8601 date-time, 'now' or 'manual'";

export function parseSchedule(input: string, opts?: ParseOptions): ParseResult {
  try {
    return parseUnsafe(input, opts);
  } catch (error) {
    // A bug here must not take down a form or the worker: report it as a rejection.
    const detail = error instanceof Error ? error.message : String(error);
    return fail(`could not parse schedule: ${detail}`, 'schedule');
  }
}

function parseUnsafe(input: string, opts?: ParseOptions): ParseResult {
  if (typeof input !== 'string') return fail('schedule must be text', 'schedule');
  const tzInput = opts?.timezone ?? 'UTC';
  if (typeof tzInput !== 'string' || tzInput.trim() === '')
    return fail('timezone is empty (use an IANA name such as Europe/Paris or UTC)', 'timezone');
  const timezone = canonicalTimezone(tzInput.trim());
  if (!timezone) return fail(`unknown timezone '${tzInput}' (use an IANA name such as Europe/Paris or UTC)`, 'timezone');

  const text = input.trim();
  if (text === '') return fail('schedule is empty', 'schedule');
  if (text.length > MAX_SCHEDULE_LENGTH)
    return fail(`schedule is too long (${text.length} characters, at most ${MAX_SCHEDULE_LENGTH})`, 'schedule');
  const lower = text.toLowerCase();

  if (lower === 'manual') return { ok: true, schedule: { kind: 'manual', input, expression: 'manual', timezone } };
  if (looksLikeOn(text)) {
    const r = parseOn(input);
    if (!r.ok) return r;
    return { ok: true, schedule: { kind: 'event', input, ...r.value, timezone } };
  }
  if (lower === 'now') return { ok: true, schedule: { kind: 'once', input, expression: 'now', at: null, timezone } };
  if (looksLikeIsoDate(text)) {
    const r = parseIsoInstant(input, timezone);
    if (!r.ok) return r;
    return { ok: true, schedule: { kind: 'once', input, expression: r.value.toISOString(), at: r.value, timezone } };
  }
  if (!text.startsWith('@') && looksLikeWords(text)) {
    const words = parseWords(input);
    if (!words.ok) return words;
    return cron(input, words.value, timezone);
  }
  if (looksLikeCron(text)) return cron(input, input, timezone);
  if (looksLikeInterval(text)) {
    const r = parseInterval(input);
    if (!r.ok) return r;
    return { ok: true, schedule: { kind: 'interval', input, ...r.value, timezone } };
  }
  return fail(`unrecognized schedule '${text}': ${FORMS}`, 'schedule', Math.max(0, input.indexOf(text)));
}

function cron(input: string, source: string, timezone: string): ParseResult {
  const r = parseCron(source);
  if (!r.ok) return r;
  const schedule: Schedule = { kind: 'cron', input, expression: r.value.expression, timezone };
  compiledCron.set(schedule, r.value.spec);
  return { ok: true, schedule };
}

/** For services: the schedule, or AppError('INVALID_SCHEDULE') carrying the field-level issue. */
export function parseScheduleOrThrow(input: string, opts?: ParseOptions): Schedule {
  const r = parseSchedule(input, opts);
  if (r.ok) return r.schedule;
  const path = r.error.field === 'timezone' ? 'timezone' : 'schedule';
  throw new AppError('INVALID_SCHEDULE', r.error.message, { issues: [{ path, message: r.error.message }] });
}
