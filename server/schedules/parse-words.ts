// Plain-English schedules that map to cron in the task's time zone:
// "hourly", "daily", "weekly", "daily at 10:30", "monday at 09:00",
// "every monday at 09:00", "weekdays at 08:00", "mon, wed and fri at 2pm".
import { fail, type Parsed } from './types';

const SIMPLE: Record<string, string> = {
  hourly: '0 * * * *',
  daily: '0 0 * * *',
  midnight: '0 0 * * *',
  weekly: '0 0 * * 0',
  monthly: '0 0 1 * *',
  yearly: '0 0 1 1 *',
  annually: '0 0 1 1 *',
};

const DAY_WORDS: Record<string, string> = {
  daily: '*',
  day: '*',
  weekday: '1-5',
  weekdays: '1-5',
  weekend: '0,6',
  weekends: '0,6',
};
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function weekdayNumber(word: string): number {
  const w = word.replace(/s$/, '');
  return WEEKDAYS.findIndex(
    (full) => full === w || (w.length >= 3 && full.startsWith(w) && /^(sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)$/.test(w)),
  );
}

/** Words the day phrase may contain: tells words apart from other forms before reporting errors. */
const DAY_PHRASE = /^(every\s+)?[a-z]+((\s*,\s*|\s+and\s+|\s*&\s*)[a-z]+)*$/;

export function looksLikeWords(input: string): boolean {
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (SIMPLE[s] || /(^|\s)at\s/.test(s)) return true;
  if (!DAY_PHRASE.test(s)) return false;
  const words = s.replace(/^every\s+/, '').split(/\s*,\s*|\s+and\s+|\s*&\s*/);
  return words.every((w) => weekdayNumber(w) >= 0 || (DAY_WORDS[w] !== undefined && w !== 'day' && w !== 'daily'));
}

function parseTime(text: string, pos: number): Parsed<{ h: number; m: number; s: number }> {
  if (text === 'noon') return { ok: true, value: { h: 12, m: 0, s: 0 } };
  if (text === 'midnight') return { ok: true, value: { h: 0, m: 0, s: 0 } };
  const t = /^(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?\s*(am|pm)?$/.exec(text);
  if (!t || (t[2] === undefined && t[4] === undefined))
    return fail(`time: '${text}' is not a time such as 09:00, 14:30 or 2pm`, 'time', pos);
  let h = Number(t[1]);
  const m = Number(t[2] ?? 0);
  const s = Number(t[3] ?? 0);
  const ampm = t[4];
  if (ampm) {
    if (h < 1 || h > 12) return fail(`time: hour ${h} is out of range 1-12 with ${ampm}`, 'time', pos);
    h = (h % 12) + (ampm === 'pm' ? 12 : 0);
  } else if (h > 23) return fail(`time: hour ${h} is out of range 0-23`, 'time', pos);
  if (m > 59) return fail(`time: minute ${m} is out of range 0-59`, 'time', pos);
  if (s > 59) return fail(`time: second ${s} is out of range 0-59`, 'time', pos);
  return { ok: true, value: { h, m, s } };
}

/** Cron expression for a words schedule. Call only when looksLikeWords(input). */
export function parseWords(input: string): Parsed<string> {
  const lower = input.toLowerCase();
  const s = lower.trim().replace(/\s+/g, ' ');
  const simple = SIMPLE[s];
  if (simple) return { ok: true, value: simple };

  // Positions are searched in the original (lower-cased) input so they point at what the user typed.
  const atMatch = /(^|\s)at\s+/.exec(lower);
  const dayText = (atMatch ? lower.slice(0, atMatch.index) : lower).trim().replace(/\s+/g, ' ');
  const timeText = atMatch ? lower.slice(atMatch.index + atMatch[0].length).trim() : '';
  const timePos = atMatch ? atMatch.index + atMatch[0].length : 0;

  let dow = '*';
  const phrase = dayText.replace(/^every\s+/, '');
  if (phrase !== '' && phrase !== 'day' && phrase !== 'daily') {
    const words = phrase.split(/\s*,\s*|\s+and\s+|\s*&\s*/);
    const days = new Set<number>();
    for (const w of words) {
      const named = DAY_WORDS[w];
      if (named && named !== '*') {
        for (const d of named === '1-5' ? [1, 2, 3, 4, 5] : [0, 6]) days.add(d);
        continue;
      }
      const n = weekdayNumber(w);
      if (n < 0)
        return fail(
          `day: unknown day '${w}' (use daily, weekdays, weekends or a weekday such as monday)`,
          'day',
          Math.max(0, lower.indexOf(w)),
        );
      days.add(n);
    }
    const sorted = [...days].sort((a, b) => a - b);
    dow = sorted.join(',') === '1,2,3,4,5' ? '1-5' : sorted.join(',');
  }
  let h = 0;
  let m = 0;
  let sec = 0;
  if (atMatch) {
    const t = parseTime(timeText, timePos);
    if (!t.ok) return t;
    ({ h, m, s: sec } = t.value);
  }
  const base = `${m} ${h} * * ${dow}`;
  return { ok: true, value: sec ? `${sec} ${base}` : base };
}
