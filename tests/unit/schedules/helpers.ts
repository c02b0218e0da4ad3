import { nextFireTimes, parseSchedule, type Schedule } from '../../../server/schedules';

export function parseOk(input: string, timezone = 'UTC'): Schedule {
  const r = parseSchedule(input, { timezone });
  if (!r.ok) throw new Error(`expected '${input}' to parse, got: ${r.error.message}`);
  return r.schedule;
}

/** The next fire times as ISO strings; `expected` gives the count and reads well in tables. */
export function nextIso(input: string, timezone: string, from: string, count: number, anchor?: string): string[] {
  const schedule = parseOk(input, timezone);
  return nextFireTimes(schedule, new Date(from), count, anchor ? { anchor: new Date(anchor) } : undefined).map((d) =>
    d.toISOString(),
  );
}

/** '2026-01-01T02:00' → '2026-01-01T02:00:00.000Z' (tables stay short). */
export const z = (s: string) => (s.length === 16 ? `${s}:00.000Z` : s.length === 19 ? `${s}.000Z` : s);
