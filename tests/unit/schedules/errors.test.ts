// Every rejection says what is wrong and where; no input makes the parser throw.
import { describe, expect, it } from 'vitest';
import { parseSchedule, previewSchedule } from '../../../server/schedules';

describe('errors: message, field and position', () => {
  it.each([
    // cron fields
    ['61 * * * *', 'UTC', 'minute: 61 is out of range 0-59', 'minute', 0],
    ['0 24 * * *', 'UTC', 'hour: 24 is out of range 0-23', 'hour', 2],
    ['0 0 32 * *', 'UTC', 'day-of-month: 32 is out of range 1-31', 'day-of-month', 4],
    ['0 0 0 * *', 'UTC', 'day-of-month: 0 is out of range 1-31', 'day-of-month', 4],
    ['0 0 * 13 *', 'UTC', 'month: 13 is out of range 1-12', 'month', 6],
    ['* * * * 8', 'UTC', 'day-of-week: 8 is out of range 0-7', 'day-of-week', 8],
    ['60 * * * * *', 'UTC', 'second: 60 is out of range 0-59', 'second', 0],
    ['1,2,99 * * * *', 'UTC', 'minute: 99 is out of range 0-59', 'minute', 4],
    ['0 0 * * FUNDAY', 'UTC', "day-of-week: unknown name 'FUNDAY' (use SUN-SAT or 0-7)", 'day-of-week', 8],
    ['0 0 * foo *', 'UTC', "month: unknown name 'FOO' (use JAN-DEC or 1-12)", 'month', 6],
    ['*/0 * * * *', 'UTC', 'minute: step 0 must be at least 1', 'minute', 2],
    ['*/61 * * * *', 'UTC', 'minute: step 61 is larger than the range 0-59', 'minute', 2],
    ['0 5-2 * * *', 'UTC', 'hour: range 5-2 goes backwards (write the smaller value first)', 'hour', 2],
    ['0 0 * * 5#6', 'UTC', 'day-of-week: #6 is out of range 1-5 (the nth weekday of the month)', 'day-of-week', 8],
    [
      '0 0 * 1W *',
      'UTC',
      "month: '1W' is not valid here (L, W and # are only allowed in day-of-month and day-of-week)",
      'month',
      6,
    ],
    ['0 0 1,,2 * *', 'UTC', "day-of-month: empty item in list '1,,2'", 'day-of-month', 6],
    ['0 ? * * *', 'UTC', "hour: '?' is only allowed in day-of-month and day-of-week", 'hour', 2],
    [
      '* * * *',
      'UTC',
      'cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 with leading seconds, got 4',
      'schedule',
      undefined,
    ],
    [
      '0 0 0 * * * 2026',
      'UTC',
      'cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 with leading seconds, got 7',
      'schedule',
      undefined,
    ],
    // never fires
    ['0 0 30 2 *', 'UTC', 'day-of-month: 30 never occurs in February, so this schedule would never fire', 'day-of-month', 4],
    [
      '0 0 31 4,6,9,11 *',
      'UTC',
      'day-of-month: 31 never occurs in April or June or September or November, so this schedule would never fire',
      'day-of-month',
      4,
    ],
    // macros
    [
      '@fortnightly',
      'UTC',
      "unknown macro '@fortnightly' (use one of @yearly @annually @monthly @weekly @daily @midnight @hourly)",
      'schedule',
      0,
    ],
    // intervals
    [
      '5 fortnights',
      'UTC',
      "unknown unit 'fortnights' (use s, m, h, d, w or seconds, minutes, hours, days, weeks)",
      'interval',
      2,
    ],
    [
      'every 3 fortnights',
      'UTC',
      "unknown unit 'fortnights' (use s, m, h, d, w or seconds, minutes, hours, days, weeks)",
      'interval',
      8,
    ],
    [
      'every fortnight',
      'UTC',
      "unknown unit 'fortnight' (use s, m, h, d, w or seconds, minutes, hours, days, weeks)",
      'interval',
      6,
    ],
    ['1.5h', 'UTC', "interval: '1.5' must be a whole number (write 90m rather than 1.5h)", 'interval', 0],
    ['0m', 'UTC', 'interval: must be at least 1', 'interval', 0],
    ['400d', 'UTC', 'interval: 400d is longer than the maximum of 366 days', 'interval', 0],
    // words
    ['monday at 25:00', 'UTC', 'time: hour 25 is out of range 0-23', 'time', 10],
    ['daily at 10:61', 'UTC', 'time: minute 61 is out of range 0-59', 'time', 9],
    ['daily at 13pm', 'UTC', 'time: hour 13 is out of range 1-12 with pm', 'time', 9],
    ['daily at noonish', 'UTC', "time: 'noonish' is not a time such as 09:00, 14:30 or 2pm", 'time', 9],
    ['funday at 09:00', 'UTC', "day: unknown day 'funday' (use daily, weekdays, weekends or a weekday such as monday)", 'day', 0],
    // one-time
    ['2026-13-01T00:00:00Z', 'UTC', 'date: month 13 is out of range 1-12', 'date', 5],
    ['2026-02-29T00:00:00Z', 'UTC', 'date: day 29 does not exist in February 2026 (it has 28 days)', 'date', 8],
    ['2026-04-31T00:00:00Z', 'UTC', 'date: day 31 does not exist in April 2026 (it has 30 days)', 'date', 8],
    ['2026-01-01T25:00:00Z', 'UTC', 'date: hour 25 is out of range 0-23', 'date', 11],
    ['2026-01-01T00:00:00+15:00', 'UTC', 'date: UTC offset +15:00 is out of range -14:00 to +14:00', 'date', 19],
    [
      '2026-01-01T9:00',
      'UTC',
      "date: '2026-01-01T9:00' is not an ISO-8601 date-time such as 2026-12-31T23:59:00Z or 2026-12-31T23:59",
      'date',
      0,
    ],
    // timezone and the whole input
    [
      '0 2 * * *',
      'Mars/Olympus',
      "unknown timezone 'Mars/Olympus' (use an IANA name such as Europe/Paris or UTC)",
      'timezone',
      undefined,
    ],
    ['0 2 * * *', '+05:30', "unknown timezone '+05:30' (use an IANA name such as Europe/Paris or UTC)", 'timezone', undefined],
    ['0 2 * * *', '', 'timezone is empty (use an IANA name such as Europe/Paris or UTC)', 'timezone', undefined],
    ['', 'UTC', 'schedule is empty', 'schedule', undefined],
    ['   ', 'UTC', 'schedule is empty', 'schedule', undefined],
    [
      'fortnightly',
      'UTC',
      "unrecognized schedule 'fortnightly': expected cron such as '0 2 * * *', an interval such as '5m' or 'every 2 hours', words such as 'daily at 10:30', an ISO-8601 date-time, 'now' or 'manual'",
      'schedule',
      0,
    ],
  ])('%s (tz %s)', (input, timezone, message, field, position) => {
    const r = parseSchedule(input, { timezone });
    expect(r).toEqual({ ok: false, error: position === undefined ? { message, field } : { message, field, position } });
  });

  it('rejects very long input', () => {
    const r = parseSchedule(`${'1,'.repeat(150)}2 * * * *`);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/^schedule is too long \(\d+ characters, at most 200\)$/);
  });

  it('positions point into the original, untrimmed input', () => {
    const r = parseSchedule('   0 0 * 13 *');
    expect(!r.ok && r.error.position).toBe(9);
  });
});

describe('never throws', () => {
  // A small deterministic PRNG, so a failure reproduces.
  function rng(seed: number) {
    return () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
  }
  const alphabet = [
    '0',
    '1',
    '5',
    '9',
    '*',
    '/',
    '-',
    ',',
    ' ',
    'L',
    'W',
    '#',
    '?',
    '@',
    'a',
    'm',
    'every ',
    ':',
    'T',
    'Z',
    '+',
    '.',
    '2026-',
    'mon',
    'at ',
    '\u0000',
    'é',
    '\n',
  ];

  it('on odd inputs', () => {
    const odd: unknown[] = [
      undefined,
      null,
      42,
      {},
      [],
      '99999999999999999999 * * * *',
      '*/99999999999999999999 * * * *',
      '0 0 * * 7-0',
      '@',
      '-',
      '--5m',
      '\u{1F600}',
      'every',
      'at',
      'every 0 minutes',
      '9999-12-31T23:59:59Z',
      '0 0 31W 2 *',
      '0 0 LW 2 *',
    ];
    for (const input of odd) {
      expect(() => parseSchedule(input as string)).not.toThrow();
      expect(() => previewSchedule(input as string, { count: 3, from: new Date('2026-01-01T00:00:00Z') })).not.toThrow();
    }
    expect(() => parseSchedule('0 * * * *', { timezone: 5 as unknown as string })).not.toThrow();
  });

  it('on 5,000 random strings', () => {
    const next = rng(20260101);
    for (let i = 0; i < 5000; i++) {
      let s = '';
      const len = Math.floor(next() * 12);
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(next() * alphabet.length)];
      const r = previewSchedule(s, { from: new Date('2026-01-01T00:00:00Z'), count: 2 });
      if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
    }
  });
});
