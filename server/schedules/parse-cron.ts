// Cron expressions: 5 fields, or 6 with leading seconds; @macros. Produces the
// normalized expression and the compiled CronSpec the evaluator runs on.
import { FIELDS, MONTH_NAMES, parseField, type FieldDef, type FieldResult } from './cron-field';
import { fail, type Parsed } from './types';

export interface CronSpec {
  seconds: number[];
  minutes: number[];
  hours: number[];
  months: boolean[]; // index 1-12
  dom: FieldResult;
  dow: FieldResult;
  domMask: boolean[]; // index 1-31
  dowMask: boolean[]; // index 0-6
  /** No wildcard or step in second/minute/hour: DST gaps fire once after the gap, repeats fire once. */
  fixedTime: boolean;
}

export interface ParsedCron {
  expression: string;
  spec: CronSpec;
}

export const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** True when the input has the shape of a cron expression (so cron errors are the helpful ones). */
export function looksLikeCron(input: string): boolean {
  if (input.startsWith('@')) return true;
  const tokens = input.split(/\s+/);
  return tokens.length >= 3 && /^[\d*?]/.test(tokens[0] ?? '') && tokens.every((t) => /^[\w*?,/#-]+$/.test(t));
}

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The worker and the task views re-parse the same few expressions all day;
// results (including rejections) depend only on the text, so keep them.
const cache = new Map<string, Parsed<ParsedCron>>();
const CACHE_LIMIT = 10_000;

export function parseCron(input: string): Parsed<ParsedCron> {
  let result = cache.get(input);
  if (!result) {
    result = compile(input);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(input, result);
  }
  return result;
}

function compile(input: string): Parsed<ParsedCron> {
  let source = input.trim();
  if (source.startsWith('@')) {
    const macro = MACROS[source.toLowerCase()];
    if (!macro)
      return fail(`unknown macro '${source}' (use one of ${Object.keys(MACROS).join(' ')})`, 'schedule', input.indexOf('@'));
    source = macro;
  }
  const tokens: { text: string; pos: number }[] = [];
  const lead = input.indexOf(source); // positions refer to the user's input, not the macro text
  for (const m of source.matchAll(/\S+/g)) tokens.push({ text: m[0], pos: lead >= 0 ? lead + m.index : 0 });
  if (tokens.length !== 5 && tokens.length !== 6)
    return fail(
      `cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 with leading seconds, got ${tokens.length}`,
      'schedule',
    );

  const defs: FieldDef[] =
    tokens.length === 6
      ? [FIELDS.second, FIELDS.minute, FIELDS.hour, FIELDS.dom, FIELDS.month, FIELDS.dow]
      : [FIELDS.minute, FIELDS.hour, FIELDS.dom, FIELDS.month, FIELDS.dow];
  const results: FieldResult[] = [];
  for (let i = 0; i < defs.length; i++) {
    const def = defs[i] as FieldDef;
    const token = tokens[i] as { text: string; pos: number };
    const r = parseField(def, token.text, token.pos);
    if (!r.ok) return r;
    results.push(r.value);
  }
  const [sec, min, hour, dom, month, dow] = (tokens.length === 6 ? results : [null, ...results]) as [
    FieldResult | null,
    FieldResult,
    FieldResult,
    FieldResult,
    FieldResult,
    FieldResult,
  ];

  const months = new Array<boolean>(13).fill(false);
  for (const m of month.values) months[m] = true;
  const domMask = new Array<boolean>(32).fill(false);
  for (const d of dom.values) domMask[d] = true;
  const dowMask = new Array<boolean>(7).fill(false);
  for (const d of dow.values) dowMask[d] = true;

  // Only a day-of-month restriction (day-of-week unrestricted) can make an
  // expression impossible: with both restricted the OR rule lets weekdays fire.
  if (dow.any && !dom.last && !dom.lastWeekday) {
    const days = [...dom.values, ...dom.nearestWeekday];
    const possible = month.values.some((m) => days.some((d) => d <= (DAYS_IN_MONTH[m] ?? 0)));
    if (!possible) {
      const monthList = month.values.map((m) => MONTH_NAMES[m]).join(' or ');
      const domPos = tokens[tokens.length - 3]?.pos;
      return fail(
        `day-of-month: ${dom.text} never occurs in ${monthList}, so this schedule would never fire`,
        'day-of-month',
        domPos,
      );
    }
  }

  const fieldTexts = results.map((r) => r.text);
  const spec: CronSpec = {
    seconds: sec ? sec.values : [0],
    minutes: min.values,
    hours: hour.values,
    months,
    dom,
    dow,
    domMask,
    dowMask,
    fixedTime: !(sec?.wildcard ?? false) && !min.wildcard && !hour.wildcard,
  };
  return { ok: true, value: { expression: fieldTexts.join(' '), spec } };
}
