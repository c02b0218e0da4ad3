// One-time schedules: an ISO-8601 date-time, with an offset or Z, or without
// one (then read in the task's time zone), or "now". Also used by the CLI to
// read --from.
import { resolveWallTime } from './timezone';
import { MONTH_NAMES } from './cron-field';
import { fail, type Parsed } from './types';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export function looksLikeIsoDate(input: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}/.test(input.trim());
}

/**
 * The instant an ISO-8601 date-time names. Without an offset the wall time is
 * read in `timezone`: a time skipped by a DST change resolves to the end of the
 * gap, a repeated one to its first occurrence (the same rule cron times follow).
 */
export function parseIsoInstant(input: string, timezone: string, field = 'date'): Parsed<Date> {
  const text = input.trim();
  const lead = Math.max(0, input.indexOf(text));
  const m = ISO.exec(text);
  if (!m)
    return fail(`${field}: '${text}' is not an ISO-8601 date-time such as 2026-12-31T23:59:00Z or 2026-12-31T23:59`, field, lead);
  const [, ys, mos, ds, hs = '0', mins = '0', ss = '0', frac = '', offset] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mins);
  const second = Number(ss);
  if (month < 1 || month > 12) return fail(`${field}: month ${month} is out of range 1-12`, field, lead + 5);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last)
    return fail(`${field}: day ${day} does not exist in ${MONTH_NAMES[month]} ${year} (it has ${last} days)`, field, lead + 8);
  if (hour > 23) return fail(`${field}: hour ${hour} is out of range 0-23`, field, lead + 11);
  if (minute > 59) return fail(`${field}: minute ${minute} is out of range 0-59`, field, lead + 14);
  if (second > 59) return fail(`${field}: second ${second} is out of range 0-59`, field, lead + 17);
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0-99 to 1900-1999; nobody schedules there.
  if (year < 1970) return fail(`${field}: year ${year} is before 1970`, field, lead);

  if (offset !== undefined) {
    let offsetMs = 0;
    if (offset.toUpperCase() !== 'Z') {
      const sign = offset.startsWith('-') ? -1 : 1;
      const digits = offset.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2) || '0');
      if (oh > 14 || om > 59)
        return fail(`${field}: UTC offset ${offset} is out of range -14:00 to +14:00`, field, lead + text.indexOf(offset));
      offsetMs = sign * (oh * 3_600_000 + om * 60_000);
    }
    return { ok: true, value: new Date(wall - offsetMs) };
  }
  return { ok: true, value: new Date(resolveWallTime(timezone, wall).at) };
}
