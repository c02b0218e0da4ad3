// Time-zone arithmetic without a date library. Intl is the only source of
// zone rules, but one Intl call costs microseconds, so each zone's UTC-offset
// transitions are found once per year and cached; after that an offset lookup
// is a short array scan. This is what lets the worker reschedule 10,000 tasks
// in a few tens of milliseconds.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/**
 * Zones never change offset twice within a day (the closest pair in tzdata,
 * Morocco's Ramadan suspension, is weeks apart), so daily samples find every
 * transition; a binary search then pins each one to the second.
 */
const SAMPLE_STEP = DAY;

const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const validity = new Map<string, string | null>();

/**
 * The zone's canonical spelling when `tz` is a zone Intl knows, else null.
 * Only IANA names are accepted (no bare offsets such as "+05:30").
 */
export function canonicalTimezone(tz: string): string | null {
  // UTC needs no Intl: the first Intl call with a zone loads ICU's zone data
  // (~50 ms of CPU), which a CLI call listing UTC tasks would pay for nothing.
  if (tz === 'UTC' || tz === 'Etc/UTC') return tz;
  const cached = validity.get(tz);
  if (cached !== undefined) return cached;
  let result: string | null = null;
  if (IANA_NAME.test(tz) && tz.length <= 64) {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
      // Keep the user's name (Asia/Kolkata stays Asia/Kolkata even where ICU
      // resolves it to Asia/Calcutta) but fix its case when only the case differs.
      result = resolved.toLowerCase() === tz.toLowerCase() ? resolved : tz;
    } catch {
      result = null;
    }
  }
  if (validity.size > 1000) validity.clear();
  validity.set(tz, result);
  return result;
}

export function isValidTimezone(tz: string): boolean {
  return typeof tz === 'string' && canonicalTimezone(tz) !== null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export interface WallParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** en-US with hourCycle h23 formats as "3/8/2026, 03:00:00". */
const EN_US = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

/** Wall-clock fields of an instant in a zone, straight from Intl (slow path). */
function intlWallParts(tz: string, utcMs: number): WallParts {
  const date = new Date(utcMs);
  // format() is ~3x cheaper than formatToParts(); keep the latter as a fallback
  // in case an ICU update changes the pattern.
  const m = EN_US.exec(formatter(tz).format(date));
  if (m) {
    return { month: +m[1]!, day: +m[2]!, year: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! };
  }
  const out: WallParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(tz).formatToParts(date)) {
    if (part.type in out) out[part.type as keyof WallParts] = Number(part.value);
  }
  return out;
}

function intlOffset(tz: string, utcMs: number): number {
  const p = intlWallParts(tz, utcMs);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** One UTC year of a zone: its offset at the start and the changes within. */
interface YearRules {
  startOffset: number;
  transitions: { at: number; offset: number; before: number }[];
}

const rules = new Map<string, Map<number, YearRules>>();
/** Last year looked up per zone: nearly every lookup hits it. */
const lastYear = new Map<string, { start: number; end: number; rules: YearRules }>();

function yearRulesAt(tz: string, utcMs: number): YearRules {
  const last = lastYear.get(tz);
  if (last && utcMs >= last.start && utcMs < last.end) return last.rules;
  const year = utcYear(utcMs);
  const found = yearRules(tz, year);
  lastYear.set(tz, { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1), rules: found });
  return found;
}

function yearRules(tz: string, year: number): YearRules {
  let zone = rules.get(tz);
  if (!zone) {
    zone = new Map();
    rules.set(tz, zone);
  }
  let found = zone.get(year);
  if (found) return found;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const startOffset = intlOffset(tz, start);
  const transitions: YearRules['transitions'] = [];
  let prevT = start;
  let prevOff = startOffset;
  for (let t = start + SAMPLE_STEP; t <= end; t += SAMPLE_STEP) {
    const off = intlOffset(tz, t);
    if (off !== prevOff) {
      // Binary search to the second: transitions happen on whole seconds.
      let lo = prevT;
      let hi = t;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (intlOffset(tz, mid) === prevOff) lo = mid;
        else hi = mid;
      }
      if (hi < end) transitions.push({ at: hi, offset: off, before: prevOff });
      prevOff = off;
    }
    prevT = t;
  }
  found = { startOffset, transitions };
  zone.set(year, found);
  return found;
}

function utcYear(utcMs: number): number {
  return new Date(utcMs).getUTCFullYear();
}

/** UTC offset (ms, wall minus UTC) of `tz` at an instant. */
export function offsetAt(tz: string, utcMs: number): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
  const r = yearRulesAt(tz, utcMs);
  let off = r.startOffset;
  for (const t of r.transitions) {
    if (t.at <= utcMs) off = t.offset;
    else break;
  }
  return off;
}

/** Transitions of `tz` within [fromMs, toMs). */
export function transitionsBetween(tz: string, fromMs: number, toMs: number): { at: number; offset: number; before: number }[] {
  if (tz === 'UTC' || tz === 'Etc/UTC') return [];
  const out: { at: number; offset: number; before: number }[] = [];
  for (let y = utcYear(fromMs); y <= utcYear(toMs); y++) {
    for (const t of yearRules(tz, y).transitions) if (t.at >= fromMs && t.at < toMs) out.push(t);
  }
  return out;
}

/**
 * True when a transition moves the wall clock somewhere within the wall-clock
 * day starting at `dayWall` (a wall time encoded as UTC ms). Allocation-free:
 * the evaluator asks this for every matching day.
 */
export function clockMovesOnDay(tz: string, dayWall: number): boolean {
  if (tz === 'UTC' || tz === 'Etc/UTC') return false;
  const lo = dayWall - 20 * HOUR;
  const hi = dayWall + DAY + 20 * HOUR;
  for (let y = utcYear(lo), last = utcYear(hi); y <= last; y++) {
    for (const t of yearRules(tz, y).transitions) {
      if (t.at < lo || t.at >= hi) continue;
      const from = t.at + Math.min(t.before, t.offset);
      const to = t.at + Math.max(t.before, t.offset);
      if (from < dayWall + DAY && to > dayWall) return true;
    }
  }
  return false;
}

/** Wall-clock fields of an instant in `tz` (fast path through the offset table). */
export function wallParts(tz: string, utcMs: number): WallParts {
  const d = new Date(utcMs + offsetAt(tz, utcMs));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

export type WallResolution =
  | { kind: 'normal'; at: number }
  /** The wall time occurs twice (fall back): both instants, earlier first. */
  | { kind: 'repeated'; at: number; later: number }
  /** The wall time does not exist (spring forward): `at` is the instant the gap ends. */
  | { kind: 'skipped'; at: number };

/**
 * The instants at which the wall clock in `tz` reads `wallMs` (a wall time
 * encoded as if it were UTC milliseconds).
 */
export function resolveWallTime(tz: string, wallMs: number): WallResolution {
  if (tz === 'UTC' || tz === 'Etc/UTC') return { kind: 'normal', at: wallMs };
  // Any instant showing this wall time lies within ±18h of it.
  const near = transitionsBetween(tz, wallMs - 18 * HOUR, wallMs + 18 * HOUR);
  const offsets = new Set<number>([offsetAt(tz, wallMs - 18 * HOUR), ...near.map((t) => t.offset)]);
  const hits: number[] = [];
  for (const off of offsets) {
    const u = wallMs - off;
    if (offsetAt(tz, u) === off) hits.push(u);
  }
  hits.sort((a, b) => a - b);
  const [first, second] = hits;
  if (first !== undefined && second !== undefined) return { kind: 'repeated', at: first, later: second };
  if (first !== undefined) return { kind: 'normal', at: first };
  // In a gap: the transition whose skipped wall range contains wallMs.
  for (const t of near) {
    if (t.offset > t.before && wallMs >= t.at + t.before && wallMs < t.at + t.offset) return { kind: 'skipped', at: t.at };
  }
  // Unreachable for real zones; fall back to the pre-transition reading.
  return { kind: 'normal', at: wallMs - offsetAt(tz, wallMs - 18 * HOUR) };
}

export const DAY_MS = DAY;

/** "2026-12-31 23:59" (seconds shown only when non-zero) in `tz`. */
export function formatWall(tz: string, utcMs: number): string {
  const p = wallParts(tz, utcMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
  return p.second ? `${base}:${pad(p.second)}` : base;
}
