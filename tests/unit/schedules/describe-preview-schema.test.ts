import { describe, expect, it } from 'vitest';
import {
  describeSchedule,
  isValidTimezone,
  parseScheduleOrThrow,
  previewSchedule,
  scheduleFieldsSchema,
} from '../../../server/schedules';
import { AppError } from '../../../server/errors';
import { parseOk } from './helpers';

describe('describeSchedule', () => {
  it.each([
    ['0 2 * * *', 'Europe/Paris', 'At 02:00 AM, every day (Europe/Paris)'],
    ['daily at 2:00', 'Europe/Paris', 'At 02:00 AM, every day (Europe/Paris)'],
    ['*/15 * * * *', 'UTC', 'Every 15 minutes (UTC)'],
    ['0 9 * * 1-5', 'UTC', 'At 09:00 AM, Monday through Friday (UTC)'],
    ['0 0 L * *', 'UTC', 'At 12:00 AM, on the last day of the month (UTC)'],
    ['5m', 'UTC', 'Every 5 minutes'],
    ['every 2 hours', 'Asia/Kolkata', 'Every 2 hours'],
    ['1 hour', 'UTC', 'Every hour'],
    ['30s', 'UTC', 'Every 30 seconds'],
    ['2 days', 'UTC', 'Every 2 days'],
    ['2026-12-31T23:59:00Z', 'UTC', 'Once at 2026-12-31 23:59 UTC'],
    ['2026-12-31T23:59:00Z', 'Europe/Paris', 'Once at 2027-01-01 00:59 Europe/Paris'],
    ['2026-12-31T23:59:30Z', 'UTC', 'Once at 2026-12-31 23:59:30 UTC'],
    ['now', 'UTC', 'Once, immediately'],
    ['manual', 'UTC', 'Manual only'],
  ])('%s (%s) → %s', (input, tz, text) => {
    expect(describeSchedule(parseOk(input, tz))).toBe(text);
  });
});

describe('previewSchedule', () => {
  it('returns kind, normalized, description, timezone and next (5 by default)', () => {
    const r = previewSchedule('weekdays at 08:00', { timezone: 'Asia/Kolkata', from: new Date('2026-01-01T00:00:00Z') });
    expect(r).toEqual({
      ok: true,
      kind: 'cron',
      normalized: '0 8 * * 1-5',
      description: 'At 08:00 AM, Monday through Friday (Asia/Kolkata)',
      timezone: 'Asia/Kolkata',
      next: ['2026-01-01T02:30', '2026-01-02T02:30', '2026-01-05T02:30', '2026-01-06T02:30', '2026-01-07T02:30'].map(
        (s) => new Date(`${s}:00Z`),
      ),
    });
  });
  it('returns the parser error', () => {
    expect(previewSchedule('61 * * * *', {})).toEqual({
      ok: false,
      error: { message: 'minute: 61 is out of range 0-59', field: 'minute', position: 0 },
    });
  });
  it('caps count at 100', () => {
    const r = previewSchedule('* * * * * *', { from: new Date('2026-01-01T00:00:00Z'), count: 10_000 });
    expect(r.ok && r.next.length).toBe(100);
  });
});

describe('isValidTimezone', () => {
  it.each([
    ['UTC', true],
    ['Europe/Paris', true],
    ['Asia/Kolkata', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Etc/GMT+5', true],
    ['Mars/Olympus', false],
    ['', false],
    ['+05:30', false],
    ['Europe/Paris; rm -rf', false],
  ])('%s → %s', (tz, valid) => {
    expect(isValidTimezone(tz)).toBe(valid);
  });
});

describe('scheduleFieldsSchema', () => {
  it('accepts a valid pair unchanged', () => {
    expect(scheduleFieldsSchema.parse({ schedule: 'daily at 10:30', timezone: 'Europe/Paris' })).toEqual({
      schedule: 'daily at 10:30',
      timezone: 'Europe/Paris',
    });
  });
  it.each([
    [{ schedule: '61 * * * *', timezone: 'UTC' }, ['schedule'], 'minute: 61 is out of range 0-59'],
    [
      { schedule: '5 fortnights', timezone: 'UTC' },
      ['schedule'],
      "unknown unit 'fortnights' (use s, m, h, d, w or seconds, minutes, hours, days, weeks)",
    ],
    [
      { schedule: '0 2 * * *', timezone: 'Mars/Olympus' },
      ['timezone'],
      "unknown timezone 'Mars/Olympus' (use an IANA name such as Europe/Paris or UTC)",
    ],
    [
      { schedule: '0 0 30 2 *', timezone: 'UTC' },
      ['schedule'],
      'day-of-month: 30 never occurs in February, so this schedule would never fire',
    ],
  ])('reports the parser message on the right path: %o', (value, path, message) => {
    const r = scheduleFieldsSchema.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([{ path, message }]);
  });
  it('requires both fields', () => {
    const r = scheduleFieldsSchema.safeParse({});
    expect(r.error?.issues.map((i) => i.path[0])).toEqual(['schedule', 'timezone']);
  });
});

describe('parseScheduleOrThrow', () => {
  it('throws AppError INVALID_SCHEDULE with a field issue', () => {
    try {
      parseScheduleOrThrow('0 0 * * 8');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'INVALID_SCHEDULE',
        message: 'day-of-week: 8 is out of range 0-7',
        issues: [{ path: 'schedule', message: 'day-of-week: 8 is out of range 0-7' }],
      });
    }
  });
});
