// One cron field: validates every list item with a message naming the field,
// the value and its position, and returns the values it matches plus a
// normalized spelling. Our own checks run before anything else so users read
// "minute: 61 is out of range 0-59", not a library's internal wording.
import { fail, type Parsed } from './types';

export interface FieldDef {
  name: 'second' | 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week';
  min: number;
  max: number;
  names?: readonly string[]; // index = value
}

const MONTHS = ['', 'JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

export const FIELDS = {
  second: { name: 'second', min: 0, max: 59 },
  minute: { name: 'minute', min: 0, max: 59 },
  hour: { name: 'hour', min: 0, max: 23 },
  dom: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTHS },
  dow: { name: 'day-of-week', min: 0, max: 7, names: DAYS },
} as const satisfies Record<string, FieldDef>;

export interface FieldResult {
  /** Plain values matched, ascending; day-of-week 7 is folded into 0. */
  values: number[];
  /** The field is exactly `*` or `?` (matters for the day-of-month/day-of-week OR rule). */
  any: boolean;
  /** Has a `*`, `?` or a step: such time fields follow elapsed time across DST. */
  wildcard: boolean;
  text: string;
  /** day-of-month: L */
  last: boolean;
  /** day-of-month: LW */
  lastWeekday: boolean;
  /** day-of-month: nW */
  nearestWeekday: number[];
  /** day-of-week: xL, x#L (last x of the month) */
  lastOfMonth: number[];
  /** day-of-week: x#n */
  nth: { dow: number; nth: number }[];
}

const NUMBER = /^\d+$/;
const NAME = /^[A-Z]+$/;

type Value = { n: number; text: string; isName: boolean };

function readValue(def: FieldDef, raw: string, pos: number): Parsed<Value> {
  if (NUMBER.test(raw)) {
    const n = Number(raw);
    if (n < def.min || n > def.max) return fail(`${def.name}: ${n} is out of range ${def.min}-${def.max}`, def.name, pos);
    return { ok: true, value: { n, text: String(n), isName: false } };
  }
  if (NAME.test(raw) && def.names) {
    const n = def.names.indexOf(raw);
    if (n > 0 || (n === 0 && def.name === 'day-of-week')) return { ok: true, value: { n, text: raw, isName: true } };
    const first = def.names[def.min] ?? '';
    const last = def.names[def.names.length - 1] ?? '';
    return fail(`${def.name}: unknown name '${raw}' (use ${first}-${last} or ${def.min}-${def.max})`, def.name, pos);
  }
  if (raw === '') return fail(`${def.name}: a value is missing`, def.name, pos);
  return fail(`${def.name}: '${raw}' is not a valid value (expected ${def.min}-${def.max})`, def.name, pos);
}

function readStep(def: FieldDef, raw: string, pos: number): Parsed<number> {
  if (!NUMBER.test(raw)) return fail(`${def.name}: step '${raw}' must be a whole number`, def.name, pos);
  const s = Number(raw);
  if (s < 1) return fail(`${def.name}: step ${s} must be at least 1`, def.name, pos);
  const span = def.name === 'day-of-week' ? 7 : def.max - def.min + 1;
  if (s > span) return fail(`${def.name}: step ${s} is larger than the range ${def.min}-${def.max}`, def.name, pos);
  return { ok: true, value: s };
}

export function parseField(def: FieldDef, input: string, position: number): Parsed<FieldResult> {
  const text = input.toUpperCase();
  const r: FieldResult = {
    values: [],
    any: text === '*' || text === '?',
    wildcard: false,
    text: '',
    last: false,
    lastWeekday: false,
    nearestWeekday: [],
    lastOfMonth: [],
    nth: [],
  };
  const set = new Set<number>();
  const parts: string[] = [];
  const isDom = def.name === 'day-of-month';
  const isDow = def.name === 'day-of-week';
  let offset = 0;
  for (const item of text.split(',')) {
    const pos = position + offset;
    offset += item.length + 1;
    if (item === '') return fail(`${def.name}: empty item in list '${input}'`, def.name, pos);

    // Specials first: L, LW, nW (day-of-month); xL, x#n (day-of-week).
    if (isDom && (item === 'L' || item === 'LW')) {
      if (item === 'L') r.last = true;
      else r.lastWeekday = true;
      parts.push(item);
      continue;
    }
    if (/[LW#]/.test(item) && !NAME.test(item)) {
      const w = /^(\d+)W$/.exec(item);
      if (isDom && w) {
        const v = readValue(def, w[1] ?? '', pos);
        if (!v.ok) return v;
        r.nearestWeekday.push(v.value.n);
        parts.push(`${v.value.n}W`);
        continue;
      }
      const lastDow = /^([A-Z]+|\d+)(L|#L)$/.exec(item);
      if (isDow && lastDow) {
        const v = readValue(def, lastDow[1] ?? '', pos);
        if (!v.ok) return v;
        r.lastOfMonth.push(v.value.n % 7);
        parts.push(`${v.value.text}L`);
        continue;
      }
      const hash = /^([A-Z]+|\d+)#(\d+)$/.exec(item);
      if (isDow && hash) {
        const v = readValue(def, hash[1] ?? '', pos);
        if (!v.ok) return v;
        const nth = Number(hash[2]);
        if (nth < 1 || nth > 5)
          return fail(`${def.name}: #${nth} is out of range 1-5 (the nth weekday of the month)`, def.name, pos);
        r.nth.push({ dow: v.value.n % 7, nth });
        parts.push(`${v.value.text}#${nth}`);
        continue;
      }
      const hint = isDom
        ? 'use L, LW or a day with W such as 15W'
        : isDow
          ? 'use a weekday with L such as FRIL, or with # such as FRI#2'
          : 'L, W and # are only allowed in day-of-month and day-of-week';
      return fail(`${def.name}: '${item}' is not valid here (${hint})`, def.name, pos);
    }

    const [rangePart = '', stepPart, extra] = item.split('/');
    if (extra !== undefined) return fail(`${def.name}: '${item}' has more than one '/'`, def.name, pos);
    let step = 1;
    if (stepPart !== undefined) {
      const s = readStep(def, stepPart, pos + rangePart.length + 1);
      if (!s.ok) return s;
      step = s.value;
      r.wildcard = true;
    }
    const suffix = stepPart !== undefined ? `/${step}` : '';
    let lo: number;
    let hi: number;
    if (rangePart === '*' || rangePart === '?') {
      if (rangePart === '?' && !isDom && !isDow)
        return fail(`${def.name}: '?' is only allowed in day-of-month and day-of-week`, def.name, pos);
      lo = def.min;
      hi = isDow ? 6 : def.max;
      r.wildcard = true;
      parts.push(`*${suffix}`);
    } else {
      const dash = rangePart.indexOf('-', 1);
      const startRaw = dash < 0 ? rangePart : rangePart.slice(0, dash);
      const start = readValue(def, startRaw, pos);
      if (!start.ok) return start;
      lo = start.value.n;
      if (dash >= 0) {
        const end = readValue(def, rangePart.slice(dash + 1), pos + dash + 1);
        if (!end.ok) return end;
        hi = end.value.n;
        // SUN closes a weekday range as 7 (FRI-SUN), as in every cron.
        if (isDow && end.value.isName && hi === 0 && lo > 0) hi = 7;
        if (hi < lo)
          return fail(
            `${def.name}: range ${start.value.text}-${end.value.text} goes backwards (write the smaller value first)`,
            def.name,
            pos,
          );
        parts.push(`${start.value.text}-${end.value.text}${suffix}`);
      } else if (stepPart !== undefined) {
        // "5/15" means from 5 to the end of the field, every 15.
        hi = isDow ? 6 : def.max;
        parts.push(`${start.value.text}-${def.names?.[hi] ?? hi}${suffix}`);
      } else {
        hi = lo;
        parts.push(start.value.text);
      }
    }
    for (let v = lo; v <= hi; v += step) set.add(isDow ? v % 7 : v);
  }
  r.values = [...set].sort((a, b) => a - b);
  r.text = parts.join(',');
  if (r.any) r.text = '*';
  return { ok: true, value: r };
}

export const MONTH_NAMES = [
  '',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
