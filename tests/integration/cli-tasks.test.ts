// The task, run and maintenance commands of `cronboard`, through the real CLI
// process against a fresh database. `run --wait` needs a worker that executes
// runs: worker-fleet.test.ts covers it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { cleanEnv, finished, runCli, TSX } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const DAY = 86_400_000;

describe(`cronboard task commands on ${provider}`, () => {
  const testDb = useTestDatabase();
  let db: Db;
  const cli = (...args: string[]) =>
    runCli(args, { DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', USER: 'alice' });
  const cliJson = async <T>(...args: string[]): Promise<T> => {
    const r = await cli(...args);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(() => {
    db = testDb.db;
  });

  it('creates, shows, updates, pauses, resumes and deletes a task', { timeout: 180_000 }, async () => {
    const created = await cli(
      'create',
      '--key',
      'backup',
      '--name',
      'Nightly backup',
      '--command',
      'echo backup',
      '--schedule',
      '0 2 * * *',
      '--timezone',
      'Europe/Paris',
      '--priority',
      'high',
      '--max-retries',
      '3',
      '--retry-delay',
      '10',
      '--backoff',
      'fixed',
      '--timeout',
      '600',
      '--overlap',
      'queue',
      '--misfire',
      'catch_up',
      '--payload',
      '{"full":true}',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created task backup.');
    expect(created.stdout).toMatch(/schedule: {2}0 2 \* \* \* \(At 02:00 AM, every day \(Europe\/Paris\)\)/);
    const row = await db.task.findUniqueOrThrow({ where: { key: 'backup' } });
    expect(row).toMatchObject({
      kind: 'shell',
      command: 'echo backup',
      timezone: 'Europe/Paris',
      priority: 2,
      maxRetries: 3,
      retryDelaySeconds: 10,
      retryBackoff: 'fixed',
      timeoutSeconds: 600,
      overlap: 'queue',
      misfire: 'catch_up',
      payload: { full: true },
      source: 'cli',
      createdBy: 'alice',
    });
    const createdEvent = await db.event.findFirstOrThrow({ where: { type: 'task.created', taskKey: 'backup' } });
    expect(createdEvent).toMatchObject({ actorType: 'user', actorId: 'cli', actorName: 'alice' });

    const shown = await cliJson<{ key: string; priority: string; nextRunAt: string; version: number }>(
      'show',
      'backup',
      '--json',
    );
    expect(shown).toMatchObject({ key: 'backup', priority: 'high', version: 1 });

    const updated = await cliJson<{
      kind: string;
      httpUrl: string;
      httpMethod: string;
      command: string | null;
      schedule: string;
      version: number;
    }>(
      'update',
      'backup',
      '--http-url',
      'https://example.com/backup',
      '--http-method',
      'post',
      '--schedule',
      'every 2 hours',
      '--json',
    );
    expect(updated).toMatchObject({
      kind: 'http',
      httpUrl: 'https://example.com/backup',
      httpMethod: 'POST',
      command: null,
      schedule: 'every 2 hours',
      version: 2,
    });
    const updatedEvent = await db.event.findFirstOrThrow({ where: { type: 'task.updated', taskKey: 'backup' } });
    expect(updatedEvent.payload).toMatchObject({
      changed: ['kind', 'command', 'httpMethod', 'httpUrl', 'schedule', 'scheduleKind'],
    });

    const paused = await cli('pause', 'backup');
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout.trim()).toBe('Paused backup: no scheduled runs until it is resumed.');
    expect(await db.task.findUniqueOrThrow({ where: { key: 'backup' } })).toMatchObject({ paused: true, nextRunAt: null });

    const before = Date.now();
    const resumed = await cli('resume', 'backup');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^Resumed backup: next run at \S+Z\.$/m);
    const next = (await db.task.findUniqueOrThrow({ where: { key: 'backup' } })).nextRunAt!;
    // Two hours from the resume, not from creation (an interval counts from the whole minute it was resumed in).
    expect(next.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 60_000) * 60_000 + 2 * 3600_000);
    expect(next.getTime()).toBeLessThan(Date.now() + 2 * 3600_000);

    // Without --yes and without a terminal to ask on: refused, exit 2, nothing deleted.
    const refused = await cli('delete', 'backup');
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe("cronboard: not deleting 'backup' without --yes: there is no terminal to ask on");
    expect(await db.task.count({ where: { key: 'backup' } })).toBe(1);

    const deleted = await cli('delete', 'backup', '--yes');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout.trim()).toBe('Deleted task backup and 0 run(s).');
    expect(await db.task.count({ where: { key: 'backup' } })).toBe(0);
    expect(await db.event.count({ where: { type: 'task.deleted', taskKey: 'backup' } })).toBe(1);

    const gone = await cli('show', 'backup');
    expect(gone.code).toBe(2);
    expect(gone.stderr.trim()).toBe("cronboard: No task with key 'backup'");
  });

  const base = ['create', '--key', 'fresh', '--name', 'Fresh'];
  async function expectUsageErrors(cases: [string[], string][]): Promise<void> {
    // A few at a time: each is a process start, and the machine may be busy.
    for (let i = 0; i < cases.length; i += 6) {
      const chunk = cases.slice(i, i + 6);
      const results = await Promise.all(chunk.map(([args]) => cli(...args)));
      results.forEach((r, j) => {
        const [args, message] = chunk[j]!;
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
        expect(r.stderr).toContain(`cronboard: ${message}`);
        expect(r.stdout).toBe('');
      });
    }
  }

  it('answers bad flags with one line naming the flag and exit status 2', async () => {
    await expectUsageErrors([
      [
        [...base, '--command', 'true', '--schedule', '5m', '--priority', 'huge'],
        "--priority: 'huge' must be low, medium, high or urgent",
      ],
      [
        [...base, '--command', 'true', '--schedule', '5m', '--max-retries', 'three'],
        "--max-retries: 'three' is not a whole number",
      ],
      [[...base, '--command', 'true', '--schedule', '5m', '--timeout', '1.5'], "--timeout: '1.5' is not a whole number"],
      [[...base, '--handler', 'noop', '--schedule', '5m', '--payload', '{nope'], '--payload: not valid JSON'],
      [[...base, '--schedule', '5m'], 'one of --command, --http-url or --handler is required'],
      [[...base, '--command', 'true', '--handler', 'noop', '--schedule', '5m'], '--command and --handler cannot be combined'],
      [[...base, '--command', 'true'], '--schedule is required'],
      [['run', 'taken', '--times', '0'], '--times: 0 is out of range 1-1000'],
      [['history', 'taken', '--limit', 'all'], "--limit: 'all' is not a whole number"],
      [['cancel', 'abc'], "RUN_ID: 'abc' is not a whole number"],
      [['next', '--count', '-1'], "--count: '-1' is not a whole number"],
    ]);
  }, 180_000);

  it('names the flag when the service rejects a value (key, URL, schedule, timezone)', async () => {
    await cliJson('create', '--key', 'taken', '--name', 'Taken', '--handler', 'noop', '--schedule', 'manual', '--json');
    await expectUsageErrors([
      [
        [...base, '--command', 'true', '--schedule', '61 * * * *'],
        "--schedule: invalid schedule '61 * * * *': minute: 61 is out of range 0-59",
      ],
      [
        [...base, '--command', 'true', '--schedule', '5m', '--timezone', 'Mars/Olympus'],
        "--timezone: unknown timezone 'Mars/Olympus'",
      ],
      [[...base, '--http-url', 'ftp://example.com', '--schedule', '5m'], '--http-url: must be an http(s) URL'],
      [
        [...base, '--command', 'true', '--schedule', '5m', '--overlap', 'sometimes'],
        "--overlap: 'sometimes' must be skip, queue or allow",
      ],
      [['update', 'taken'], 'nothing to update: give at least one flag'],
      [
        ['create', '--key', 'Bad Key', '--name', 'x', '--command', 'true', '--schedule', '5m'],
        '--key: must be lowercase letters',
      ],
      [['update', 'taken', '--backoff', 'linear'], "--backoff: 'linear' must be fixed or exponential"],
      [['update', 'taken', '--key', 'Not OK'], '--key: must be lowercase letters'],
    ]);
    expect(await db.task.count({ where: { key: 'fresh' } })).toBe(0);

    const duplicate = await cli('create', '--key', 'taken', '--name', 'Again', '--handler', 'noop', '--schedule', 'manual');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr.trim()).toBe("cronboard: A task with key 'taken' already exists");
  }, 180_000);

  it('queues manual runs, prints their ids and cancels a queued one', { timeout: 180_000 }, async () => {
    await cliJson('create', '--key', 'one', '--name', 'One', '--command', 'true', '--schedule', 'manual', '--json');
    await cliJson('create', '--key', 'two', '--name', 'Two', '--command', 'true', '--schedule', 'manual', '--json');
    const queued = await cliJson<{ runs: { id: number; taskKey: string; status: string }[] }>(
      'run',
      'one',
      'two',
      '--times',
      '2',
      '--json',
    );
    expect(queued.runs.map((r) => [r.taskKey, r.status])).toEqual([
      ['one', 'queued'],
      ['one', 'queued'],
      ['two', 'queued'],
      ['two', 'queued'],
    ]);
    const rows = await db.run.findMany({ where: { id: { in: queued.runs.map((r) => r.id) } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.status, r.trigger, r.requestedBy])).toEqual(Array(4).fill(['queued', 'manual', 'alice']));

    const human = await cli('run', 'one');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout.trim()).toMatch(/^Queued run \d+ for one$/);

    // An unknown key anywhere in the list queues nothing.
    const before = await db.run.count();
    const typo = await cli('run', 'one', 'tow');
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim()).toBe("cronboard: No task with key 'tow'");
    expect(await db.run.count()).toBe(before);

    const target = queued.runs[0]!.id;
    const cancelled = await cli('cancel', String(target));
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout.trim()).toBe(`Cancelled run ${target}.`);
    expect(await db.run.findUniqueOrThrow({ where: { id: target } })).toMatchObject({ status: 'cancelled' });
    expect(await cliJson('cancel', String(target), '--json')).toEqual({ id: target, outcome: 'already_finished' });
    const missing = await cli('cancel', '999999');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('cronboard: No run with id 999999');
  });

  it('prints history, logs, upcoming fire times and workers', { timeout: 180_000 }, async () => {
    const task = await db.task.findUniqueOrThrow({ where: { key: 'one' } });
    await db.worker.create({
      data: { id: 'w-cli', name: 'box-1', host: 'box', pid: 4242, version: '0.1.0', concurrency: 4, runsInHand: 1 },
    });
    const run = await db.run.create({
      data: {
        taskId: task.id,
        trigger: 'manual',
        status: 'failed',
        attempt: 2,
        workerId: 'w-cli',
        startedAt: new Date(),
        finishedAt: new Date(),
        exitCode: 3,
        error: 'exit code 3',
      },
    });
    await db.runLog.createMany({
      data: [
        { runId: run.id, seq: 1, stream: 'stdout', data: 'hello ' },
        { runId: run.id, seq: 2, stream: 'stderr', data: 'oops\n' },
        { runId: run.id, seq: 3, stream: 'stdout', data: 'world\n' },
      ],
    });

    const history = await cliJson<Record<string, unknown>[]>('history', 'one', '--limit', '2', '--json');
    expect(history).toHaveLength(2);
    expect(Object.keys(history[0]!)).toEqual(
      expect.arrayContaining([
        'id',
        'status',
        'attempt',
        'trigger',
        'workerName',
        'scheduledFor',
        'startedAt',
        'finishedAt',
        'exitCode',
        'error',
      ]),
    );
    expect(history[0]).toMatchObject({
      id: run.id,
      status: 'failed',
      attempt: 2,
      trigger: 'manual',
      workerName: 'box-1',
      exitCode: 3,
      error: 'exit code 3',
    });
    const table = await cli('history', 'one');
    expect(table.stdout.split('\n')[0]).toMatch(
      /^ID\s+STATUS\s+ATTEMPT\s+TRIGGER\s+WORKER\s+SCHEDULED \(UTC\)\s+STARTED \(UTC\)\s+FINISHED \(UTC\)\s+EXIT\s+ERROR$/,
    );
    expect(table.stdout).toMatch(
      new RegExp(`^${run.id}\\s+failed\\s+2\\s+manual\\s+box-1\\s+-\\s+\\S+ \\S+\\s+\\S+ \\S+\\s+3\\s+exit code 3$`, 'm'),
    );

    // Chunks come out as written, stderr ones on stderr.
    const logs = await cli('logs', String(run.id));
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toBe('hello world\n');
    expect(logs.stderr).toBe('oops\n');

    await cliJson(
      'create',
      '--key',
      'every-5',
      '--name',
      'Five',
      '--handler',
      'noop',
      '--schedule',
      '5m',
      '--priority',
      'urgent',
      '--json',
    );
    const upcoming = await cliJson<{ at: string; taskKey: string; priority: string; schedule: string; overdue: boolean }[]>(
      'next',
      '--count',
      '3',
      '--json',
    );
    expect(upcoming.map((u) => [u.taskKey, u.priority, u.schedule, u.overdue])).toEqual(
      Array(3).fill(['every-5', 'urgent', '5m', false]),
    );
    const times = upcoming.map((u) => Date.parse(u.at));
    expect(times[1]! - times[0]!).toBe(5 * 60_000);
    const nextTable = await cli('next', '--count', '2');
    expect(nextTable.stdout).toMatch(
      /^WHEN \(UTC\)\s+IN\s+TASK\s+PRIORITY\s+SCHEDULE\n\S+ \S+\s+\d.*?\s+every-5\s+urgent\s+5m$/m,
    );

    // A fresh heartbeat: on a loaded machine the CLI calls above can take longer than a lease.
    await db.worker.update({ where: { id: 'w-cli' }, data: { lastHeartbeatAt: new Date() } });
    const workers = await cliJson<Record<string, unknown>[]>('workers', '--json');
    expect(workers).toEqual([
      expect.objectContaining({
        id: 'w-cli',
        name: 'box-1',
        host: 'box',
        pid: 4242,
        concurrency: 4,
        state: 'active',
        runsInHand: 1,
        lost: false,
      }),
    ]);
    await db.worker.update({ where: { id: 'w-cli' }, data: { lastHeartbeatAt: new Date() } });
    const workerTable = await cli('workers');
    expect(workerTable.stdout).toMatch(
      /^NAME\s+STATE\s+HOST\s+PID\s+CONCURRENCY\s+RUNS\s+LAST HEARTBEAT\s+STARTED \(UTC\)\s+VERSION\nbox-1\s+active\s+box\s+4242\s+4\s+1\s+/,
    );
  });

  it('logs --follow prints chunks as they arrive and stops once the run has finished', async () => {
    const task = await db.task.findUniqueOrThrow({ where: { key: 'one' } });
    const run = await db.run.create({ data: { taskId: task.id, trigger: 'manual', status: 'running', startedAt: new Date() } });
    await db.runLog.create({ data: { runId: run.id, seq: 1, stream: 'stdout', data: 'first\n' } });
    const env = cleanEnv({ DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn' });
    const child = spawn(TSX, [join(process.cwd(), 'cli/main.ts'), 'logs', String(run.id), '--follow'], { env });
    const done = finished(child);
    let seen = '';
    child.stdout.on('data', (d: Buffer) => (seen += d.toString()));
    await expect.poll(() => seen, { timeout: 20_000 }).toBe('first\n');

    await db.runLog.create({ data: { runId: run.id, seq: 2, stream: 'stderr', data: 'warning\n' } });
    await db.runLog.create({ data: { runId: run.id, seq: 3, stream: 'stdout', data: 'last\n' } });
    await db.run.update({ where: { id: run.id }, data: { status: 'succeeded', finishedAt: new Date() } });
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('first\nlast\n');
    expect(result.stderr).toBe('warning\n');
  });

  it('prune keeps the newest 20 runs of each task and unfinished runs; --dry-run only counts', async () => {
    const task = await db.task.create({
      data: { key: 'pruned', name: 'Pruned', kind: 'shell', command: 'true', timezone: 'UTC' },
    });
    const now = Date.now();
    const ids: number[] = [];
    // 25 finished runs 40..64 days old (default retention: 30 days), two logs each.
    for (let i = 0; i < 25; i++) {
      const createdAt = new Date(now - (40 + i) * DAY);
      const run = await db.run.create({
        data: { taskId: task.id, trigger: 'schedule', status: 'succeeded', createdAt, scheduledFor: createdAt },
      });
      await db.runLog.createMany({ data: [1, 2].map((seq) => ({ runId: run.id, seq, stream: 'stdout', data: 'x\n' })) });
      ids.push(run.id);
    }
    const oldQueued = await db.run.create({
      data: { taskId: task.id, trigger: 'manual', status: 'queued', createdAt: new Date(now - 90 * DAY) },
    });

    const dry = await cliJson<{ runs: number; logs: number; dryRun: boolean; retentionDays: number }>(
      'prune',
      '--dry-run',
      '--json',
    );
    expect(dry).toMatchObject({ runs: 5, logs: 10, dryRun: true, retentionDays: 30 });
    expect(await db.run.count({ where: { taskId: task.id } })).toBe(26);

    const human = await cli('prune');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(
      /^Deleted 5 run\(s\) and 10 log chunk\(s\) created before .* UTC \(30 days; the newest 20 runs of each task and unfinished runs stay\)\.$/m,
    );
    const left = (
      await db.run.findMany({ where: { taskId: task.id }, orderBy: { createdAt: 'desc' }, select: { id: true } })
    ).map((r) => r.id);
    expect(left).toEqual([...ids.slice(0, 20), oldQueued.id]);
    expect(await db.runLog.count({ where: { runId: { in: ids.slice(20) } } })).toBe(0);
    expect(await cliJson('prune', '--json')).toMatchObject({ runs: 0, logs: 0 });
  });
});
