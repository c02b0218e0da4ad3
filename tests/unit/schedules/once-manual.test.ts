import { describe, expect, it } from 'vitest';
import { fireTimesAfterAFire, nextFireTimes, type Schedule } from '../../../server/schedules';
import { parseOk } from './helpers';

describe('one-time ISO-8601', () => {
  it.each([
    ['2026-12-31T23:59:00Z', 'UTC', '2026-12-31T23:59:00.000Z'],
    ['2026-12-31T23:59Z', 'Europe/Paris', '2026-12-31T23:59:00.000Z'],
    ['2026-07-01T09:00:00+05:30', 'UTC', '2026-07-01T03:30:00.000Z'],
    ['2026-07-01T09:00:00+0530', 'UTC', '2026-07-01T03:30:00.000Z'],
    ['2026-07-01T09:00:00-07:00', 'UTC', '2026-07-01T16:00:00.000Z'],
    ['2026-07-01T09:00:00.250Z', 'UTC', '2026-07-01T09:00:00.250Z'],
    // Without an offset: the task's time zone.
    ['2026-07-01T09:00:00', 'UTC', '2026-07-01T09:00:00.000Z'],
    ['2026-07-01T09:00:00', 'Asia/Kolkata', '2026-07-01T03:30:00.000Z'],
    ['2026-07-01T09:00', 'America/Los_Angeles', '2026-07-01T16:00:00.000Z'],
    ['2026-01-15 09:00', 'America/Los_Angeles', '2026-01-15T17:00:00.000Z'],
    ['2026-07-01', 'America/Los_Angeles', '2026-07-01T07:00:00.000Z'],
    ['2028-02-29T12:00:00Z', 'UTC', '2028-02-29T12:00:00.000Z'],
    // A wall time in the spring-forward gap fires at the end of the gap; a repeated one at its first occurrence.
    ['2026-03-08T02:30:00', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['2026-11-01T01:30:00', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['2026-03-29T01:30', 'Europe/London', '2026-03-29T01:00:00.000Z'],
    ['2026-10-25T01:30', 'Europe/London', '2026-10-25T00:30:00.000Z'],
  ])('%s in %s', (input, tz, instant) => {
    const s = parseOk(input, tz);
    expect(s).toMatchObject({ kind: 'once', expression: instant, timezone: tz });
    expect(s.kind === 'once' && s.at?.toISOString()).toBe(instant);
  });

  it.each([
    ['before the instant: fires once', '2026-12-31T00:00:00Z', ['2026-12-31T23:59:00.000Z']],
    ['at the instant: not strictly after', '2026-12-31T23:59:00Z', []],
    ['after the instant: never again', '2027-01-01T00:00:00Z', []],
  ])('%s', (_why, from, expected) => {
    const s = parseOk('2026-12-31T23:59:00Z');
    expect(nextFireTimes(s, new Date(from), 5).map((d) => d.toISOString())).toEqual(expected);
  });

  it('now fires at from, once', () => {
    const s = parseOk('now');
    expect(s).toEqual({ kind: 'once', input: 'now', expression: 'now', at: null, timezone: 'UTC' });
    expect(nextFireTimes(s, new Date('2026-05-05T05:05:05Z'), 3)).toEqual([new Date('2026-05-05T05:05:05Z')]);
  });

  it.each(['now', '2026-07-01T09:00:00Z'])('%s has no fire time after it fired', (input) => {
    const s = parseOk(input);
    expect(fireTimesAfterAFire(s, new Date('2026-05-05T05:05:05Z'), 3)).toEqual([]);
    expect(fireTimesAfterAFire(s, new Date('2026-08-01T00:00:00Z'), 3)).toEqual([]);
  });

  it('a recurring schedule goes on after a fire', () => {
    expect(fireTimesAfterAFire(parseOk('0 * * * *'), new Date('2026-05-05T05:05:05Z'), 2)).toEqual([
      new Date('2026-05-05T06:00:00Z'),
      new Date('2026-05-05T07:00:00Z'),
    ]);
  });
});

describe('manual', () => {
  it.each(['manual', 'MANUAL', ' manual '])('%s never fires by itself', (input) => {
    const s = parseOk(input, 'Europe/Paris');
    expect(s).toEqual({ kind: 'manual', input, expression: 'manual', timezone: 'Europe/Paris' });
    expect(nextFireTimes(s, new Date('2026-01-01T00:00:00Z'), 5)).toEqual([]);
  });
});

describe('nextFireTimes edge cases', () => {
  it.each([0, -1, Number.NaN])('count %s → []', (count) => {
    expect(nextFireTimes(parseOk('* * * * *'), new Date('2026-01-01T00:00:00Z'), count)).toEqual([]);
  });
  it('returns exactly count items for a busy schedule', () => {
    const out = nextFireTimes(parseOk('* * * * * *'), new Date('2026-01-01T00:00:00Z'), 100);
    expect(out).toHaveLength(100);
    expect(out[99]?.toISOString()).toBe('2026-01-01T00:01:40.000Z');
  });
  it('works on a schedule read back as plain data (not from parseSchedule)', () => {
    const stored = JSON.parse(JSON.stringify(parseOk('0 9 * * MON', 'Asia/Kolkata'))) as Schedule;
    expect(nextFireTimes(stored, new Date('2026-01-01T00:00:00Z'), 1)).toEqual([new Date('2026-01-05T03:30:00Z')]);
  });
});
