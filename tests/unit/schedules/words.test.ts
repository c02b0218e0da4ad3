// Words map to cron in the task's time zone.
import { describe, expect, it } from 'vitest';
import { nextIso, parseOk, z } from './helpers';

describe('words → cron', () => {
  it.each([
    ['hourly', '0 * * * *'],
    ['daily', '0 0 * * *'],
    ['weekly', '0 0 * * 0'],
    ['monthly', '0 0 1 * *'],
    ['daily at 10:30', '30 10 * * *'],
    ['daily at 2:00', '0 2 * * *'],
    ['monday at 09:00', '0 9 * * 1'],
    ['every monday at 09:00', '0 9 * * 1'],
    ['weekdays at 08:00', '0 8 * * 1-5'],
    ['every weekday at 08:00', '0 8 * * 1-5'],
    ['weekends at 10:00', '0 10 * * 0,6'],
    ['every day at 10:30', '30 10 * * *'],
    ['at 07:45', '45 7 * * *'],
    ['mondays at 9:00', '0 9 * * 1'],
    ['mon, wed and fri at 2pm', '0 14 * * 1,3,5'],
    ['sunday at 12am', '0 0 * * 0'],
    ['daily at 12:15pm', '15 12 * * *'],
    ['daily at noon', '0 12 * * *'],
    ['daily at 23:59:30', '30 59 23 * * *'],
    ['Every Monday At 09:00', '0 9 * * 1'],
    ['every friday', '0 0 * * 5'],
  ])('%s → %s', (input, expression) => {
    expect(parseOk(input)).toEqual({ kind: 'cron', input, expression, timezone: 'UTC' });
  });

  it.each([
    // 2026-01-01 is a Thursday; Kolkata is +05:30.
    ['weekdays at 08:00', 'Asia/Kolkata', '2026-01-01T00:00:00Z', ['2026-01-01T02:30', '2026-01-02T02:30', '2026-01-05T02:30']],
    ['monday at 09:00', 'America/Los_Angeles', '2026-01-01T00:00:00Z', ['2026-01-05T17:00', '2026-01-12T17:00']],
    ['every monday at 09:00', 'Europe/London', '2026-03-28T00:00:00Z', ['2026-03-30T08:00', '2026-04-06T08:00']],
    ['daily at 2:00', 'America/New_York', '2026-03-07T00:00:00Z', ['2026-03-07T07:00', '2026-03-08T07:00', '2026-03-09T06:00']],
    ['daily at 10:30', 'UTC', '2026-01-01T11:00:00Z', ['2026-01-02T10:30']],
    ['hourly', 'Asia/Kolkata', '2026-01-01T00:10:00Z', ['2026-01-01T00:30', '2026-01-01T01:30']],
  ])('%s in %s', (input, tz, from, expected) => {
    expect(nextIso(input, tz, from, expected.length)).toEqual(expected.map(z));
  });
});
