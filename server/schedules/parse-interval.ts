// Intervals: "30s", "5m", "2h", "1d", "1w", "30 seconds", "every 5 minutes",
// "every hour". Elapsed time, so DST never changes the spacing.
import { fail, type Parsed } from './types';

const UNITS: Record<string, { ms: number; short: string; noun: string }> = {};
const unitDefs: [string[], number, string, string][] = [
  [['s', 'sec', 'secs', 'second', 'seconds'], 1000, 's', 'second'],
  [['m', 'min', 'mins', 'minute', 'minutes'], 60_000, 'm', 'minute'],
  [['h', 'hr', 'hrs', 'hour', 'hours'], 3_600_000, 'h', 'hour'],
  [['d', 'day', 'days'], 86_400_000, 'd', 'day'],
  [['w', 'wk', 'wks', 'week', 'weeks'], 604_800_000, 'w', 'week'],
];
for (const [names, ms, short, noun] of unitDefs) for (const n of names) UNITS[n] = { ms, short, noun };

/** Longest interval accepted: a year. Longer spacings belong in cron or a one-time date. */
export const MAX_INTERVAL_MS = 366 * 86_400_000;

/** "every 5 minutes", "5m", "every hour": optional "every", optional count, then a unit word. */
const SHAPE = /^(every\s+)?(?:(\d+(?:\.\d+)?)\s*)?([a-z]+)$/i;

export function looksLikeInterval(input: string): boolean {
  const m = SHAPE.exec(input.trim());
  if (!m) return false;
  // A bare word ("daily", "fortnightly") is not an interval; words are tried before this.
  return m[2] !== undefined || m[1] !== undefined;
}

export interface ParsedInterval {
  expression: string;
  everyMs: number;
}

export function parseInterval(input: string): Parsed<ParsedInterval> {
  const trimmed = input.trim();
  const lead = input.indexOf(trimmed);
  const m = SHAPE.exec(trimmed);
  if (!m) return fail(`interval: '${trimmed}' is not an interval such as 5m or every 2 hours`, 'interval', lead);
  const [, every = '', amountText, unitText = ''] = m;
  const unitPos = lead + trimmed.length - unitText.length;
  const unit = UNITS[unitText.toLowerCase()];
  if (!unit)
    return fail(`unknown unit '${unitText}' (use s, m, h, d, w or seconds, minutes, hours, days, weeks)`, 'interval', unitPos);
  const amountPos = lead + every.length;
  if (amountText !== undefined && !/^\d+$/.test(amountText))
    return fail(`interval: '${amountText}' must be a whole number (write 90m rather than 1.5h)`, 'interval', amountPos);
  const amount = amountText === undefined ? 1 : Number(amountText);
  if (amount < 1) return fail('interval: must be at least 1', 'interval', amountPos);
  const everyMs = amount * unit.ms;
  if (everyMs > MAX_INTERVAL_MS)
    return fail(`interval: ${amount}${unit.short} is longer than the maximum of 366 days`, 'interval', amountPos);
  return { ok: true, value: { expression: canonicalInterval(everyMs), everyMs } };
}

const CANONICAL: [number, string, string][] = [
  [604_800_000, 'w', 'week'],
  [86_400_000, 'd', 'day'],
  [3_600_000, 'h', 'hour'],
  [60_000, 'm', 'minute'],
  [1000, 's', 'second'],
];

function largestUnit(everyMs: number): { n: number; short: string; noun: string } {
  for (const [ms, short, noun] of CANONICAL) if (everyMs % ms === 0) return { n: everyMs / ms, short, noun };
  return { n: everyMs / 1000, short: 's', noun: 'second' };
}

/** "every 5m": the largest unit that divides the interval exactly (300s → every 5m). */
export function canonicalInterval(everyMs: number): string {
  const u = largestUnit(everyMs);
  return `every ${u.n}${u.short}`;
}

/** "Every 5 minutes", "Every hour". */
export function describeInterval(everyMs: number): string {
  const u = largestUnit(everyMs);
  return u.n === 1 ? `Every ${u.noun}` : `Every ${u.n} ${u.noun}s`;
}
