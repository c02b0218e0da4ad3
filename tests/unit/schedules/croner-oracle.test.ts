// Our cron evaluator is our own (croner spends ~50µs per fire time in Intl,
// too slow for the worker's 10,000-task reschedule), so it must agree with
// croner, configured as we document: OR rule, fixed-time DST rule 'no-wildcard'.
// The hand-computed tables are the spec; this is the wide net.
import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { nextFireTimes } from '../../../server/schedules';
import { parseOk } from './helpers';

const EXPRESSIONS = [
  '0 2 * * *',
  '30 2 * * *',
  '0,30 2 * * *',
  '30 1 * * *',
  '*/15 * * * *',
  '0 * * * *',
  '0 */2 * * *',
  '15 1-3 * * *',
  '*/7 1-3 * * *',
  '0 0 13 * 5',
  '0 0 */10 * 1',
  '0 0 1-31 * 1',
  '0 0 L * *',
  '0 0 LW * *',
  '0 0 15W * *',
  '0 0 31W * *',
  '0 0 1W * *',
  '0 0 * * 5#2',
  '0 0 * * 1#5',
  '0 0 * * 5L',
  '0 0 * * FRI-SUN',
  '0 0 * * 5-7',
  '0 0 29 2 *',
  '30 15 10 * * *',
  '*/20 * 1 * * *',
  '0 9 * * 1-5',
  '0 0 1 JAN,JUL *',
  '0 12 * * */2',
  '0 30 1 * * 0',
  '59 23 31 12 *',
  '0 0 13 * 5#2',
  '0 0 0 * * *',
  '0 30 2 * 3 0',
];
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Asia/Kolkata',
  'America/Los_Angeles',
  'Australia/Lord_Howe', // 30-minute DST
  'America/Santiago', // transitions at midnight
  'Pacific/Chatham', // +12:45 / +13:45
];
const FROMS = [
  '2026-03-07T00:00:00Z',
  '2026-03-08T06:10:00Z',
  '2026-03-28T12:00:00Z',
  '2026-04-04T12:00:00Z',
  '2026-09-05T12:00:00Z',
  '2026-10-24T12:00:00Z',
  '2026-10-31T20:00:00Z',
  '2026-11-01T05:10:00Z',
  '2027-02-27T10:00:00.500Z',
];

describe('cron evaluator agrees with croner', () => {
  it.each(ZONES)('%s', (tz) => {
    const mismatches: string[] = [];
    for (const expr of EXPRESSIONS) {
      const schedule = parseOk(expr, tz);
      const reference = new Cron(schedule.expression, {
        timezone: tz,
        domAndDow: false,
        fixedTimeRule: 'no-wildcard',
        mode: '5-or-6-parts',
      });
      for (const from of FROMS) {
        const ours = nextFireTimes(schedule, new Date(from), 8).map((d) => d.toISOString());
        const theirs = reference.nextRuns(8, new Date(from)).map((d) => d.toISOString());
        if (ours.join() !== theirs.join()) mismatches.push(`${expr} from ${from}: ${ours.join(' ')} ≠ ${theirs.join(' ')}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
