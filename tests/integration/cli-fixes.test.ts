// Bugs a new user hit in the CLI (issue 15 item 1), through the real CLI process:
// `list` in board order, `schedule validate`, exit status 2 for an unknown key,
// and a failed run's exit code said once.
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTask, inProcessWorker, testConfig } from './helpers/worker-harness';
import { runCli } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import type { CronboardWorker } from '../../worker/worker';

const provider = testProvider();

describe(`cronboard CLI fixes on ${provider}`, () => {
  const testDb = useTestDatabase();
  const cli = (...args: string[]) =>
    runCli(args, { DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', ALLOWED_WORKDIRS: tmpdir() });
  let worker: CronboardWorker | undefined;
  afterAll(async () => worker?.stop('test over', 1000));

  it('lists tasks in the order of the board: Todo, In progress, In review, Done, Cancelled', { timeout: 120_000 }, async () => {
    // Created in the reverse of board order, so neither id nor creation order gives the answer.
    for (const [key, status] of [
      ['z-cancelled', 'cancelled'],
      ['y-done', 'done'],
      ['x-review', 'in_review'],
      ['w-progress', 'in_progress'],
      ['v-todo-2', 'todo'],
      ['u-todo-1', 'todo'],
    ] as const) {
      await makeTask(testDb.db, { key, status });
    }
    const listed = await cli('list', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const keys = (JSON.parse(listed.stdout) as { key: string }[]).map((t) => t.key);
    // Within Todo by position: v-todo-2 was added first, so it is above u-todo-1.
    expect(keys).toEqual(['v-todo-2', 'u-todo-1', 'w-progress', 'x-review', 'y-done', 'z-cancelled']);
    const text = await cli('list');
    const columns = text.stdout
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '')
      .map((line) => /^(\S+)/.exec(line)?.[1]);
    expect(columns).toEqual(['v-todo-2', 'u-todo-1', 'w-progress', 'x-review', 'y-done', 'z-cancelled']);
  });

  it('accepts both `validate` and `schedule validate`, exit status 2 when invalid', { timeout: 120_000 }, async () => {
    for (const prefix of [[], ['schedule']]) {
      const ok = await cli(...prefix, 'validate', '0 2 * * *', '--tz', 'UTC');
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout.trim()).toBe('valid cron schedule: 0 2 * * * — At 02:00 AM, every day (UTC)');
      const bad = await cli(...prefix, 'validate', '61 * * * *', '--json');
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim()).toBe("cronboard: invalid schedule '61 * * * *': minute: 61 is out of range 0-59");
      expect(JSON.parse(bad.stdout)).toMatchObject({ error: { message: 'minute: 61 is out of range 0-59' } });
    }
  });

  it('exits 2 (bad input) for an unknown task key or run id, whatever the command', { timeout: 180_000 }, async () => {
    for (const args of [
      ['show', 'nope'],
      ['update', 'nope', '--name', 'x'],
      ['pause', 'nope'],
      ['resume', 'nope'],
      ['run', 'nope'],
      ['history', 'nope'],
      ['delete', 'nope', '--yes'],
      ['cancel', '424242'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim(), args.join(' ')).toMatch(/^cronboard: No (task with key 'nope'|run with id 424242)$/);
    }
  });

  it('warns when no live worker offers the handler a new task names (workers record theirs)', { timeout: 180_000 }, async () => {
    const create = (key: string, handler: string) => cli('create', '--key', key, '--name', key, '--handler', handler, '--schedule', 'manual');
    const none = await create('h-none', 'noop');
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr.trim()).toBe("cronboard: warning: no live worker offers handler 'noop' (no worker is running); its runs wait in the queue until one does");
    const w = inProcessWorker(testDb.db, testConfig(testDb.url));
    await w.start();
    try {
      const offered = await create('h-noop', 'noop');
      expect([offered.code, offered.stderr.trim()]).toEqual([0, '']);
      const missing = await create('h-missing', 'no.such.handler');
      expect(missing.code, missing.stderr).toBe(0);
      expect(missing.stderr.trim()).toBe(
        "cronboard: warning: no live worker offers handler 'no.such.handler' (1 live worker(s) checked); its runs wait in the queue until one does",
      );
    } finally {
      await w.stop('test over', 1000);
    }
  });

  it('says a failed run\'s exit code once: "failed in 0.1s: exit code 3"', { timeout: 120_000 }, async () => {
    await makeTask(testDb.db, { key: 'exits-3', command: 'exit 3', maxRetries: 0 });
    worker = inProcessWorker(testDb.db, testConfig(testDb.url));
    await worker.start();
    const r = await cli('run', 'exits-3', '--wait');
    expect(r.code).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.includes('failed'));
    expect(line).toMatch(/^run \d+ \(exits-3\): failed in \d+\.\ds: exit code 3$/);
    expect(r.stdout.match(/exit code 3/g)).toHaveLength(1);
  });
});
