// Intervals are elapsed time: exact spacing, anchored at the task's anchor
// (creation or last fire) or at `from`, unaffected by DST.
import { describe, expect, it } from 'vitest';
import { nextIso, parseOk, z } from './helpers';

describe('interval forms', () => {
  it.each([
    ['30s', 30_000, 'every 30s'],
    ['5m', 300_000, 'every 5m'],
    ['2h', 7_200_000, 'every 2h'],
    ['1d', 86_400_000, 'every 1d'],
    ['1w', 604_800_000, 'every 1w'],
    ['30 seconds', 30_000, 'every 30s'],
    ['5 minutes', 300_000, 'every 5m'],
    ['1 hour', 3_600_000, 'every 1h'],
    ['2 days', 172_800_000, 'every 2d'],
    ['1 week', 604_800_000, 'every 1w'],
    ['every 5 minutes', 300_000, 'every 5m'],
    ['every 2 hours', 7_200_000, 'every 2h'],
    ['every minute', 60_000, 'every 1m'],
    ['Every 10 Mins', 600_000, 'every 10m'],
    ['90m', 5_400_000, 'every 90m'],
    ['120m', 7_200_000, 'every 2h'],
    ['300s', 300_000, 'every 5m'],
    ['7d', 604_800_000, 'every 1w'],
    ['  every   15   minutes  ', 900_000, 'every 15m'],
  ])('%s', (input, everyMs, expression) => {
    expect(parseOk(input)).toEqual({ kind: 'interval', input, expression, everyMs, timezone: 'UTC' });
  });
});

describe('interval fire times', () => {
  it.each([
    ['anchored at from', '5m', '2026-01-01T00:00:00Z', undefined, ['2026-01-01T00:05', '2026-01-01T00:10', '2026-01-01T00:15']],
    [
      'anchored at creation, off the from grid',
      '5m',
      '2026-01-01T00:10:00Z',
      '2026-01-01T00:02:00Z',
      ['2026-01-01T00:12', '2026-01-01T00:17', '2026-01-01T00:22'],
    ],
    [
      'from exactly on an anchor step: strictly after',
      '5m',
      '2026-01-01T00:10:00Z',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T00:15', '2026-01-01T00:20'],
    ],
    [
      'anchor after from: first fire one interval after the anchor',
      '5m',
      '2026-01-01T00:10:00Z',
      '2026-01-01T00:20:00Z',
      ['2026-01-01T00:25', '2026-01-01T00:30'],
    ],
    ['seconds', '30s', '2026-01-01T00:00:00Z', undefined, ['2026-01-01T00:00:30', '2026-01-01T00:01:00']],
    [
      'days cross month and leap-day boundaries',
      '1d',
      '2028-02-28T12:00:00Z',
      undefined,
      ['2028-02-29T12:00', '2028-03-01T12:00'],
    ],
    ['weeks', '1w', '2026-01-01T00:00:00Z', undefined, ['2026-01-08T00:00', '2026-01-15T00:00']],
  ])('%s', (_why, input, from, anchor, expected) => {
    expect(nextIso(input, 'UTC', from, expected.length, anchor)).toEqual(expected.map(z));
  });

  it.each([
    // New York spring forward at 07:00Z: 2h stays 2h (wall 00:00 EST → 03:00 EDT → 05:00 EDT).
    [
      'spring forward, New York',
      'every 2 hours',
      'America/New_York',
      '2026-03-08T05:00:00Z',
      ['2026-03-08T07:00', '2026-03-08T09:00'],
    ],
    // New York fall back at 06:00Z: wall 01:30 EDT → 01:30 EST → 02:30 EST, one real hour apart.
    [
      'fall back, New York',
      '1h',
      'America/New_York',
      '2026-11-01T04:30:00Z',
      ['2026-11-01T05:30', '2026-11-01T06:30', '2026-11-01T07:30'],
    ],
    ['spring forward, London', '30 minutes', 'Europe/London', '2026-03-29T00:45:00Z', ['2026-03-29T01:15', '2026-03-29T01:45']],
    [
      'fall back, London: 1d is 24 real hours',
      '1d',
      'Europe/London',
      '2026-10-24T12:00:00Z',
      ['2026-10-25T12:00', '2026-10-26T12:00'],
    ],
  ])('exact spacing across DST: %s', (_why, input, tz, from, expected) => {
    expect(nextIso(input, tz, from, expected.length)).toEqual(expected.map(z));
  });
});
