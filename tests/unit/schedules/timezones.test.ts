// Time zones and DST, with instants worked out by hand.
// 2026 transitions: New York Mar 8 (02:00 EST → 03:00 EDT, at 07:00Z) and Nov 1
// (02:00 EDT → 01:00 EST, at 06:00Z); London Mar 29 (01:00 GMT → 02:00 BST, at
// 01:00Z) and Oct 25 (02:00 BST → 01:00 GMT, at 01:00Z); Los Angeles Mar 8
// (at 10:00Z). Kolkata is +05:30 all year.
import { describe, expect, it } from 'vitest';
import { nextIso, z } from './helpers';

describe('fixed offsets: +05:30 and negative offsets', () => {
  it.each([
    ['Kolkata 09:00 is 03:30Z', '0 9 * * *', 'Asia/Kolkata', '2026-01-01T00:00:00Z', ['2026-01-01T03:30', '2026-01-02T03:30']],
    [
      'Kolkata 00:30 lands on the previous UTC day',
      '30 0 * * *',
      'Asia/Kolkata',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T19:00', '2026-01-02T19:00'],
    ],
    [
      'Kolkata weekdays: Thu 1st, Fri 2nd, Mon 5th',
      '0 8 * * 1-5',
      'Asia/Kolkata',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T02:30', '2026-01-02T02:30', '2026-01-05T02:30'],
    ],
    [
      'Kolkata Monday 02:00 is Sunday 20:30Z',
      '0 2 * * 1',
      'Asia/Kolkata',
      '2026-01-01T00:00:00Z',
      ['2026-01-04T20:30', '2026-01-11T20:30'],
    ],
    [
      'LA 09:00 PST is 17:00Z',
      '0 9 * * *',
      'America/Los_Angeles',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T17:00', '2026-01-02T17:00'],
    ],
    [
      'LA 09:00 PDT is 16:00Z',
      '0 9 * * *',
      'America/Los_Angeles',
      '2026-07-01T00:00:00Z',
      ['2026-07-01T16:00', '2026-07-02T16:00'],
    ],
    [
      'LA 22:00 is the next UTC day',
      '0 22 * * *',
      'America/Los_Angeles',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T06:00', '2026-01-02T06:00'],
    ],
    [
      'LA midnight on the 1st is 08:00Z, 07:00Z once DST starts',
      '0 0 1 * *',
      'America/Los_Angeles',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T08:00', '2026-02-01T08:00', '2026-03-01T08:00', '2026-04-01T07:00'],
    ],
    [
      'LA spring forward: 02:30 does not exist on Mar 8, fires at 03:00 PDT',
      '30 2 * * *',
      'America/Los_Angeles',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T10:30', '2026-03-08T10:00', '2026-03-09T09:30'],
    ],
  ])('%s', (_why, expr, tz, from, expected) => {
    expect(nextIso(expr, tz, from, expected.length)).toEqual(expected.map(z));
  });
});

describe('DST in America/New_York', () => {
  it.each([
    [
      'spring: 02:30 skipped → once at 03:00 EDT',
      '30 2 * * *',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T07:30', '2026-03-08T07:00', '2026-03-09T06:30'],
    ],
    [
      'spring: 02:00 skipped → once at 03:00 EDT',
      '0 2 * * *',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T07:00', '2026-03-08T07:00', '2026-03-09T06:00'],
    ],
    [
      'spring: two skipped times fire once',
      '0,30 2 * * *',
      '2026-03-08T00:00:00Z',
      ['2026-03-08T07:00', '2026-03-09T06:00', '2026-03-09T06:30'],
    ],
    [
      'spring: an every-30-minutes job keeps 30 real minutes',
      '*/30 * * * *',
      '2026-03-08T06:10:00Z',
      ['2026-03-08T06:30', '2026-03-08T07:00', '2026-03-08T07:30'],
    ],
    ['spring: 09:00 moves from 14:00Z to 13:00Z', '0 9 * * *', '2026-03-07T00:00:00Z', ['2026-03-07T14:00', '2026-03-08T13:00']],
    [
      'fall: 01:30 happens twice, fires once (the first)',
      '30 1 * * *',
      '2026-10-31T12:00:00Z',
      ['2026-11-01T05:30', '2026-11-02T06:30', '2026-11-03T06:30'],
    ],
    [
      'fall: every 30 minutes runs through both 01:xx hours',
      '*/30 * * * *',
      '2026-11-01T04:50:00Z',
      ['2026-11-01T05:00', '2026-11-01T05:30', '2026-11-01T06:00', '2026-11-01T06:30', '2026-11-01T07:00'],
    ],
    [
      'fall: hourly fires every real hour',
      '0 * * * *',
      '2026-11-01T04:30:00Z',
      ['2026-11-01T05:00', '2026-11-01T06:00', '2026-11-01T07:00'],
    ],
    ['fall: 09:00 moves from 13:00Z to 14:00Z', '0 9 * * *', '2026-10-31T00:00:00Z', ['2026-10-31T13:00', '2026-11-01T14:00']],
    ['fall: from inside the second 01:xx, the first 01:30 is past', '30 1 * * *', '2026-11-01T06:10:00Z', ['2026-11-02T06:30']],
  ])('%s', (_why, expr, from, expected) => {
    expect(nextIso(expr, 'America/New_York', from, expected.length)).toEqual(expected.map(z));
  });
});

describe('DST in Europe/London', () => {
  it.each([
    [
      'spring: 01:30 skipped → once at 02:00 BST (01:00Z)',
      '30 1 * * *',
      '2026-03-28T12:00:00Z',
      ['2026-03-29T01:00', '2026-03-30T00:30', '2026-03-31T00:30'],
    ],
    ['spring: 09:00 GMT then 09:00 BST', '0 9 * * *', '2026-03-28T00:00:00Z', ['2026-03-28T09:00', '2026-03-29T08:00']],
    [
      'fall: 01:30 happens twice, fires once (BST)',
      '30 1 * * *',
      '2026-10-24T12:00:00Z',
      ['2026-10-25T00:30', '2026-10-26T01:30'],
    ],
    [
      'fall: a wildcard minute in hour 1 runs in both 01:xx hours',
      '*/30 1 * * *',
      '2026-10-24T12:00:00Z',
      ['2026-10-25T00:00', '2026-10-25T00:30', '2026-10-25T01:00', '2026-10-25T01:30', '2026-10-26T01:00'],
    ],
    ['words follow the same rule', 'daily at 1:30', '2026-03-28T12:00:00Z', ['2026-03-29T01:00', '2026-03-30T00:30']],
  ])('%s', (_why, expr, from, expected) => {
    expect(nextIso(expr, 'Europe/London', from, expected.length)).toEqual(expected.map(z));
  });
});
