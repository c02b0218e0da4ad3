// `cronboard schedule next` and `cronboard validate`, through the exported
// run functions and through commander, without spawning a process.
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerScheduleCommands, runScheduleNext, runValidate } from '../../cli/commands/schedule';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), now: () => new Date('2026-01-01T00:00:00Z') },
  };
}

describe('schedule next', () => {
  it('--json prints exactly one JSON object', () => {
    const c = capture();
    const code = runScheduleNext(
      { expr: '0 2 * * *', tz: 'Europe/Paris', from: '2026-03-28T00:00:00Z', count: '3', json: true },
      c.io,
    );
    expect(code).toBe(0);
    expect(c.err).toEqual([]);
    expect(c.out).toHaveLength(1);
    // Paris: CET (+1) until Mar 29 02:00, which does not exist that day and fires at 03:00 CEST.
    expect(JSON.parse(c.out[0] ?? '')).toEqual({
      kind: 'cron',
      normalized: '0 2 * * *',
      description: 'At 02:00 AM, every day (Europe/Paris)',
      timezone: 'Europe/Paris',
      next: ['2026-03-28T01:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:00:00.000Z'],
    });
  });

  it.each([
    ['defaults: 5 fire times from now, UTC', { expr: '5m' }, 5, 'every 5m', '2026-01-01T00:05:00.000Z'],
    [
      'an ISO --from without offset is read in --tz',
      { expr: 'hourly', tz: 'Asia/Kolkata', from: '2026-01-01T10:10' },
      5,
      '0 * * * *',
      '2026-01-01T05:30:00.000Z',
    ],
    ['manual has no fire times', { expr: 'manual' }, 0, 'manual', undefined],
    ['--count 100 is allowed', { expr: '* * * * * *', count: '100' }, 100, '* * * * * *', '2026-01-01T00:00:01.000Z'],
  ])('%s', (_why, args, length, normalized, first) => {
    const c = capture();
    expect(runScheduleNext({ ...args, json: true }, c.io)).toBe(0);
    const body = JSON.parse(c.out[0] ?? '') as { normalized: string; next: string[] };
    expect(body.normalized).toBe(normalized);
    expect(body.next).toHaveLength(length);
    expect(body.next[0]).toBe(first);
  });

  it.each([
    [
      'bad cron field',
      { expr: '61 * * * *' },
      'minute: 61 is out of range 0-59',
      'minute',
      "cronboard: invalid schedule '61 * * * *': minute: 61 is out of range 0-59",
    ],
    [
      'unknown unit',
      { expr: '5 fortnights' },
      "unknown unit 'fortnights' (use s, m, h, d, w or seconds, minutes, hours, days, weeks)",
      'interval',
      undefined,
    ],
    [
      'never fires',
      { expr: '0 0 30 2 *' },
      'day-of-month: 30 never occurs in February, so this schedule would never fire',
      'day-of-month',
      undefined,
    ],
    [
      'bad --tz',
      { expr: '5m', tz: 'Mars/Olympus' },
      "unknown timezone 'Mars/Olympus' (use an IANA name such as Europe/Paris or UTC)",
      'timezone',
      undefined,
    ],
    [
      'bad --from',
      { expr: '5m', from: 'yesterday' },
      "--from: 'yesterday' is not an ISO-8601 date-time such as 2026-12-31T23:59:00Z or 2026-12-31T23:59",
      'from',
      "cronboard: --from: 'yesterday' is not an ISO-8601 date-time such as 2026-12-31T23:59:00Z or 2026-12-31T23:59",
    ],
    [
      'impossible --from date',
      { expr: '5m', from: '2026-02-30T00:00:00Z' },
      '--from: day 30 does not exist in February 2026 (it has 28 days)',
      'from',
      undefined,
    ],
    [
      '--count not a number',
      { expr: '5m', count: 'abc' },
      "--count: 'abc' must be a whole number from 1 to 100",
      'count',
      "cronboard: --count: 'abc' must be a whole number from 1 to 100",
    ],
    ['--count 0', { expr: '5m', count: '0' }, "--count: '0' must be a whole number from 1 to 100", 'count', undefined],
    ['--count 101', { expr: '5m', count: '101' }, "--count: '101' must be a whole number from 1 to 100", 'count', undefined],
    ['--count 2.5', { expr: '5m', count: '2.5' }, "--count: '2.5' must be a whole number from 1 to 100", 'count', undefined],
  ])('invalid (%s): exit 2, one stderr line, JSON error on stdout', (_why, args, message, field, stderrLine) => {
    const c = capture();
    expect(runScheduleNext({ ...args, json: true }, c.io)).toBe(2);
    expect(c.out.map((l) => JSON.parse(l) as unknown)).toEqual([{ error: { message, field } }]);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).not.toContain('\n');
    if (stderrLine) expect(c.err[0]).toBe(stderrLine);
  });

  it('without --json, an error writes nothing to stdout', () => {
    const c = capture();
    expect(runScheduleNext({ expr: '* * * * 8' }, c.io)).toBe(2);
    expect(c.out).toEqual([]);
    expect(c.err).toEqual(["cronboard: invalid schedule '* * * * 8': day-of-week: 8 is out of range 0-7"]);
  });

  it('human output lists UTC instants and the local wall time', () => {
    const c = capture();
    expect(runScheduleNext({ expr: 'daily at 2:00', tz: 'America/New_York', from: '2026-03-07T00:00:00Z', count: 2 }, c.io)).toBe(
      0,
    );
    expect(c.out.join('\n')).toBe(
      [
        'Schedule:    0 2 * * * (cron)',
        'Description: At 02:00 AM, every day (America/New_York)',
        'Timezone:    America/New_York',
        'Next 2 after 2026-03-07T00:00:00.000Z:',
        '  2026-03-07T07:00:00.000Z  2026-03-07 02:00 America/New_York',
        '  2026-03-08T07:00:00.000Z  2026-03-08 03:00 America/New_York',
      ].join('\n'),
    );
  });
});

describe('validate', () => {
  it.each([
    [
      'weekdays at 08:00',
      'Asia/Kolkata',
      {
        valid: true,
        kind: 'cron',
        normalized: '0 8 * * 1-5',
        description: 'At 08:00 AM, Monday through Friday (Asia/Kolkata)',
        timezone: 'Asia/Kolkata',
      },
    ],
    [
      'every 2 hours',
      'UTC',
      { valid: true, kind: 'interval', normalized: 'every 2h', description: 'Every 2 hours', timezone: 'UTC' },
    ],
    [
      '2026-12-31T23:59:00Z',
      'UTC',
      {
        valid: true,
        kind: 'once',
        normalized: '2026-12-31T23:59:00.000Z',
        description: 'Once at 2026-12-31 23:59 UTC',
        timezone: 'UTC',
      },
    ],
  ])('%s is valid', (expr, tz, body) => {
    const c = capture();
    expect(runValidate({ expr, tz, json: true }, c.io)).toBe(0);
    expect(c.out.map((l) => JSON.parse(l) as unknown)).toEqual([body]);
  });

  it('invalid: exit 2, JSON error, one stderr line', () => {
    const c = capture();
    expect(runValidate({ expr: '0 0 * * 8', json: true }, c.io)).toBe(2);
    expect(c.out.map((l) => JSON.parse(l) as unknown)).toEqual([
      { error: { message: 'day-of-week: 8 is out of range 0-7', field: 'day-of-week' } },
    ]);
    expect(c.err).toEqual(["cronboard: invalid schedule '0 0 * * 8': day-of-week: 8 is out of range 0-7"]);
  });

  it('human output', () => {
    const c = capture();
    expect(runValidate({ expr: '@hourly' }, c.io)).toBe(0);
    expect(c.out).toEqual(['valid cron schedule: 0 * * * * — Every hour (UTC)']);
  });
});

describe('registerScheduleCommands (commander wiring)', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  async function run(argv: string[]) {
    const c = capture();
    const program = new Command('cronboard').exitOverride();
    registerScheduleCommands(program, c.io);
    await program.parseAsync(argv, { from: 'user' });
    return { ...c, code: process.exitCode };
  }

  it('schedule next passes options through and sets the exit code', async () => {
    const r = await run([
      'schedule',
      'next',
      '*/15 * * * *',
      '--tz',
      'UTC',
      '--from',
      '2026-01-01T00:00:00Z',
      '--count',
      '2',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out[0] ?? '') as { next: string[] }).next).toEqual([
      '2026-01-01T00:15:00.000Z',
      '2026-01-01T00:30:00.000Z',
    ]);
  });

  it('validate sets exit status 2 on an invalid schedule', async () => {
    const r = await run(['validate', '0 24 * * *', '--tz', 'UTC', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out[0] ?? '')).toEqual({ error: { message: 'hour: 24 is out of range 0-23', field: 'hour' } });
  });
});
