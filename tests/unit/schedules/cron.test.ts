// Cron forms in UTC, with fire times worked out from the calendar by hand
// (2026-01-01 is a Thursday; 2028 is a leap year, Feb 29 2028 a Tuesday).
import { describe, expect, it } from 'vitest';
import { nextIso, parseOk, z } from './helpers';

const JAN1 = '2026-01-01T00:00:00Z';

describe('cron: next fire times (UTC)', () => {
  it.each([
    // [why, expression, from, expected]
    ['daily at 02:00', '0 2 * * *', JAN1, ['2026-01-01T02:00', '2026-01-02T02:00', '2026-01-03T02:00']],
    ['every 15 minutes, strictly after from', '*/15 * * * *', JAN1, ['2026-01-01T00:15', '2026-01-01T00:30', '2026-01-01T00:45']],
    ['weekdays Thu, Fri, then Mon', '0 9 * * 1-5', JAN1, ['2026-01-01T09:00', '2026-01-02T09:00', '2026-01-05T09:00']],
    [
      'first of the month (Jan 1 00:00 is not after from)',
      '0 0 1 * *',
      JAN1,
      ['2026-02-01T00:00', '2026-03-01T00:00', '2026-04-01T00:00'],
    ],
    ['6 fields: seconds first', '30 * * * * *', JAN1, ['2026-01-01T00:00:30', '2026-01-01T00:01:30', '2026-01-01T00:02:30']],
    ['seconds step', '*/20 * * * * *', JAN1, ['2026-01-01T00:00:20', '2026-01-01T00:00:40', '2026-01-01T00:01:00']],
    [
      'seconds with a fixed time of day',
      '15 30 10 * * *',
      JAN1,
      ['2026-01-01T10:30:15', '2026-01-02T10:30:15', '2026-01-03T10:30:15'],
    ],
    ['month names', '0 12 1 jan,MAR *', JAN1, ['2026-01-01T12:00', '2026-03-01T12:00', '2027-01-01T12:00']],
    ['weekday name', '0 8 * * mon', JAN1, ['2026-01-05T08:00', '2026-01-12T08:00', '2026-01-19T08:00']],
    ['weekday 0 is Sunday', '0 0 * * 0', JAN1, ['2026-01-04T00:00', '2026-01-11T00:00', '2026-01-18T00:00']],
    ['weekday 7 is Sunday too', '0 0 * * 7', JAN1, ['2026-01-04T00:00', '2026-01-11T00:00', '2026-01-18T00:00']],
    ['SUN', '0 0 * * SUN', JAN1, ['2026-01-04T00:00', '2026-01-11T00:00', '2026-01-18T00:00']],
    ['range ending on SUN', '0 0 * * FRI-SUN', JAN1, ['2026-01-02T00:00', '2026-01-03T00:00', '2026-01-04T00:00']],
    ['range ending on 7', '0 0 * * 5-7', JAN1, ['2026-01-02T00:00', '2026-01-03T00:00', '2026-01-04T00:00']],
    ['range with step', '0 8-18/5 * * *', JAN1, ['2026-01-01T08:00', '2026-01-01T13:00', '2026-01-01T18:00']],
    ['list', '0 6,18 * * *', JAN1, ['2026-01-01T06:00', '2026-01-01T18:00', '2026-01-02T06:00']],
    ['start/step means start-max/step', '5/20 * * * *', JAN1, ['2026-01-01T00:05', '2026-01-01T00:25', '2026-01-01T00:45']],
    ['? is a wildcard', '0 0 ? * MON', JAN1, ['2026-01-05T00:00', '2026-01-12T00:00', '2026-01-19T00:00']],
    ['L: last day of month (2026 is not leap)', '0 0 L * *', JAN1, ['2026-01-31T00:00', '2026-02-28T00:00', '2026-03-31T00:00']],
    ['L in a leap year', '0 0 L * *', '2028-01-15T00:00:00Z', ['2028-01-31T00:00', '2028-02-29T00:00', '2028-03-31T00:00']],
    [
      'LW: last weekday (Jan 31 and Feb 28 2026 are Saturdays)',
      '0 0 LW * *',
      JAN1,
      ['2026-01-30T00:00', '2026-02-27T00:00', '2026-03-31T00:00'],
    ],
    [
      '15W: nearest weekday (Feb 15 and Mar 15 are Sundays)',
      '0 0 15W * *',
      JAN1,
      ['2026-01-15T00:00', '2026-02-16T00:00', '2026-03-16T00:00'],
    ],
    [
      '1W never leaves the month (Feb 1 2026 is a Sunday)',
      '0 0 1W * *',
      '2026-01-15T00:00:00Z',
      ['2026-02-02T00:00', '2026-03-02T00:00', '2026-04-01T00:00'],
    ],
    ['5#2: second Friday', '0 0 * * 5#2', JAN1, ['2026-01-09T00:00', '2026-02-13T00:00', '2026-03-13T00:00']],
    ['5L: last Friday', '0 0 * * 5L', JAN1, ['2026-01-30T00:00', '2026-02-27T00:00', '2026-03-27T00:00']],
    ['FRI#L: last Friday', '0 0 * * FRI#L', JAN1, ['2026-01-30T00:00', '2026-02-27T00:00', '2026-03-27T00:00']],
    ['day 31 skips shorter months', '0 12 31 * *', JAN1, ['2026-01-31T12:00', '2026-03-31T12:00', '2026-05-31T12:00']],
    ['day 30 skips February', '0 0 30 * *', JAN1, ['2026-01-30T00:00', '2026-03-30T00:00', '2026-04-30T00:00']],
    ['Feb 29 only in leap years', '0 0 29 2 *', JAN1, ['2028-02-29T00:00', '2032-02-29T00:00', '2036-02-29T00:00']],
    ['last minute of the year', '59 23 31 12 *', JAN1, ['2026-12-31T23:59', '2027-12-31T23:59']],
  ])('%s: %s', (_why, expr, from, expected) => {
    expect(nextIso(expr, 'UTC', from, expected.length)).toEqual(expected.map(z));
  });
});

describe('cron: day-of-month / day-of-week OR rule', () => {
  it.each([
    // Both restricted: a day matching either fires (Fridays Jan 2, 9, 16 and the 13th, a Tuesday).
    ['13th OR Friday', '0 0 13 * 5', ['2026-01-02T00:00', '2026-01-09T00:00', '2026-01-13T00:00', '2026-01-16T00:00']],
    ['only day-of-month restricted', '0 0 13 * *', ['2026-01-13T00:00', '2026-02-13T00:00', '2026-03-13T00:00']],
    ['only day-of-week restricted', '0 0 * * 5', ['2026-01-02T00:00', '2026-01-09T00:00', '2026-01-16T00:00']],
    ['? leaves day-of-month unrestricted', '0 0 ? * 5', ['2026-01-02T00:00', '2026-01-09T00:00', '2026-01-16T00:00']],
    [
      '1st OR Monday',
      '0 0 1 * MON',
      ['2026-01-05T00:00', '2026-01-12T00:00', '2026-01-19T00:00', '2026-01-26T00:00', '2026-02-01T00:00'],
    ],
    ['13th OR second Friday', '0 0 13 * 5#2', ['2026-01-09T00:00', '2026-01-13T00:00', '2026-02-13T00:00', '2026-03-13T00:00']],
  ])('%s: %s', (_why, expr, expected) => {
    expect(nextIso(expr, 'UTC', JAN1, expected.length)).toEqual(expected.map(z));
  });
});

describe('cron: macros', () => {
  it.each([
    ['@yearly', '0 0 1 1 *', '2027-01-01T00:00'],
    ['@annually', '0 0 1 1 *', '2027-01-01T00:00'],
    ['@monthly', '0 0 1 * *', '2026-02-01T00:00'],
    ['@weekly', '0 0 * * 0', '2026-01-04T00:00'],
    ['@daily', '0 0 * * *', '2026-01-02T00:00'],
    ['@midnight', '0 0 * * *', '2026-01-02T00:00'],
    ['@hourly', '0 * * * *', '2026-01-01T01:00'],
    ['@DAILY', '0 0 * * *', '2026-01-02T00:00'],
  ])('%s expands to %s', (macro, expression, first) => {
    const schedule = parseOk(macro);
    expect(schedule).toMatchObject({ kind: 'cron', expression, input: macro });
    expect(nextIso(macro, 'UTC', JAN1, 1)).toEqual([z(first)]);
  });
});

describe('cron: normalized expression', () => {
  it.each([
    ['0  2 * *   *', '0 2 * * *'],
    ['0 09 * * mon-fri', '0 9 * * MON-FRI'],
    ['0 0 ? * mon', '0 0 * * MON'],
    ['5/20 * * * *', '5-59/20 * * * *'],
    ['0 0 * * 7', '0 0 * * 7'],
    ['30 0 0 * * *', '30 0 0 * * *'],
    ['0 0 l * *', '0 0 L * *'],
    ['0 0 * * fri#2', '0 0 * * FRI#2'],
  ])('%s → %s', (input, expression) => {
    expect(parseOk(input).expression).toBe(expression);
  });
});

describe('cron: strictly after from', () => {
  it.each([
    ['exactly on a fire time', '2026-01-01T05:00:00.000Z', '2026-01-01T06:00'],
    ['a millisecond after', '2026-01-01T05:00:00.001Z', '2026-01-01T06:00'],
    ['a millisecond before', '2026-01-01T04:59:59.999Z', '2026-01-01T05:00'],
  ])('%s', (_why, from, first) => {
    expect(nextIso('0 * * * *', 'UTC', from, 1)).toEqual([z(first)]);
  });
});
