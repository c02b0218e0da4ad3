// Fire times of a compiled cron expression in a time zone. Semantics follow
// croner with { domAndDow: false, fixedTimeRule: 'no-wildcard' } (the test
// suite cross-checks against croner), evaluated on our own cached zone table
// because croner spends ~50µs per fire time in Intl, which is 50× too slow
// for rescheduling 10,000 tasks at once.
//
// DST: a fixed-time job (no * or step in second/minute/hour) whose wall time
// falls in a spring-forward gap fires once, at the end of the gap; when the
// wall time occurs twice it fires at the first one. Other jobs follow elapsed
// time: times in a gap are skipped, repeated times fire both times.
import type { CronSpec } from './parse-cron';
import { clockMovesOnDay, DAY_MS, offsetAt, resolveWallTime } from './timezone';

/** Every valid expression fires within 28 years (the calendar repeats); stop searching after 30. */
const MAX_DAYS = 366 * 30;
/** Day number of 9999-12-31: Date arithmetic and cron users both stop there. */
const MAX_DAY_NUMBER = Math.floor(Date.UTC(9999, 11, 31) / DAY_MS);

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month] ?? 31;
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function nearestWeekday(year: number, month: number, n: number, last: number): number {
  if (n > last) return -1;
  const wd = weekday(year, month, n);
  if (wd === 6) return n === 1 ? 3 : n - 1;
  if (wd === 0) return n === last ? n - 2 : n + 1;
  return n;
}

function lastWeekday(year: number, month: number, last: number): number {
  const wd = weekday(year, month, last);
  return wd === 6 ? last - 1 : wd === 0 ? last - 2 : last;
}

function dowMatches(spec: CronSpec, d: number, wd: number, last: number): boolean {
  if (spec.dowMask[wd] === true) return true;
  const { dow } = spec;
  if (d + 7 > last && dow.lastOfMonth.includes(wd)) return true;
  for (const x of dow.nth) if (x.dow === wd && Math.ceil(d / 7) === x.nth) return true;
  return false;
}

function domMatches(spec: CronSpec, y: number, m: number, d: number, last: number): boolean {
  if (spec.domMask[d] === true) return true;
  const { dom } = spec;
  if (dom.last && d === last) return true;
  if (dom.lastWeekday && d === lastWeekday(y, m, last)) return true;
  for (const n of dom.nearestWeekday) if (nearestWeekday(y, m, n, last) === d) return true;
  return false;
}

function dayMatches(spec: CronSpec, y: number, m: number, d: number, wd: number): boolean {
  const { dom, dow } = spec;
  if (dom.any && dow.any) return true;
  const last = daysInMonth(y, m);
  if (dom.any) return dowMatches(spec, d, wd, last);
  if (dow.any) return domMatches(spec, y, m, d, last);
  // Classic cron: both restricted → a day matching either fires.
  return domMatches(spec, y, m, d, last) || dowMatches(spec, d, wd, last);
}

/** Smallest matching second-of-day strictly greater than `after`, or -1. */
function nextTimeOfDay(spec: CronSpec, after: number): number {
  const t = after + 1;
  if (t >= 86_400) return -1;
  const h0 = Math.floor(t / 3600);
  const m0 = Math.floor((t % 3600) / 60);
  const s0 = t % 60;
  for (const h of spec.hours) {
    if (h < h0) continue;
    for (const m of spec.minutes) {
      if (h === h0 && m < m0) continue;
      for (const s of spec.seconds) {
        if (h === h0 && m === m0 && s < s0) continue;
        return h * 3600 + m * 60 + s;
      }
    }
  }
  return -1;
}

/** Instants of one wall day on which a DST transition moves the clock. */
function transitionDayInstants(spec: CronSpec, tz: string, dayWall: number): number[] {
  const out = new Set<number>();
  for (let sec = nextTimeOfDay(spec, -1); sec >= 0; sec = nextTimeOfDay(spec, sec)) {
    const r = resolveWallTime(tz, dayWall + sec * 1000);
    if (r.kind === 'normal') out.add(r.at);
    else if (r.kind === 'repeated') {
      out.add(r.at);
      if (!spec.fixedTime) out.add(r.later);
    } else if (spec.fixedTime) out.add(r.at);
  }
  return [...out].sort((a, b) => a - b);
}

/** The one offset of a wall day on which the clock does not move (a fixed point of wall → UTC → offset). */
function steadyOffset(tz: string, dayWall: number): number {
  let off = offsetAt(tz, dayWall);
  for (let i = 0; i < 3; i++) {
    const actual = offsetAt(tz, dayWall - off);
    if (actual === off) break;
    off = actual;
  }
  return off;
}

/** Up to `count` fire instants (epoch ms) strictly after `fromMs`. */
export function cronNext(spec: CronSpec, tz: string, fromMs: number, count: number): number[] {
  const out: number[] = [];
  if (!(count > 0) || !Number.isFinite(fromMs)) return out;
  // Start a day early: around a transition, yesterday's wall day can reach past `fromMs`.
  let day = Math.floor((fromMs + offsetAt(tz, fromMs)) / DAY_MS) - 1;
  let giveUpAt = day + MAX_DAYS; // pushed forward at every fire, so only a search that finds nothing stops
  while (out.length < count && day <= giveUpAt && day < MAX_DAY_NUMBER) {
    const date = new Date(day * DAY_MS);
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + 1;
    if (!spec.months[m]) {
      day = Math.floor(Date.UTC(y, m, 1) / DAY_MS); // first day of next month
      continue;
    }
    const d = date.getUTCDate();
    if (!dayMatches(spec, y, m, d, date.getUTCDay())) {
      day++;
      continue;
    }
    const dayWall = day * DAY_MS;
    if (clockMovesOnDay(tz, dayWall)) {
      for (const at of transitionDayInstants(spec, tz, dayWall)) {
        if (at > fromMs && out.length < count) out.push(at);
      }
      giveUpAt = day + MAX_DAYS;
    } else {
      // One offset all day (and 20h either side): wall time maps linearly onto UTC.
      const dayStart = dayWall - steadyOffset(tz, dayWall);
      const after = fromMs >= dayStart ? Math.floor((fromMs - dayStart) / 1000) : -1;
      for (let sec = nextTimeOfDay(spec, after); sec >= 0 && out.length < count; sec = nextTimeOfDay(spec, sec)) {
        out.push(dayStart + sec * 1000);
      }
      giveUpAt = day + MAX_DAYS;
    }
    day++;
  }
  return out;
}
