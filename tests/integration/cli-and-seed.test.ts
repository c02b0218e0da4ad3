import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoTasks, seedDemo } from '../../server/demo/seed-demo';
import { cleanEnv, finished, runCli, TSX } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();

describe(`demo data and the CLI on ${provider}`, () => {
  const testDb = useTestDatabase();

  it('seeds the demo tasks exactly once when web and worker start together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cronboard-seed-'));
    const script = join(dir, 'start.mts');
    writeFileSync(
      script,
      `import { bootstrap } from ${JSON.stringify(join(process.cwd(), 'server/bootstrap.ts'))};
       await bootstrap(process.argv[2]);
       process.exit(0);`,
    );
    const env = cleanEnv({ DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'true', LOG_LEVEL: 'warn' });
    const results = await Promise.all(['web', 'worker'].map((name) => finished(spawn(TSX, [script, name], { env }))));
    rmSync(dir, { recursive: true, force: true });
    for (const r of results) expect(r.code, r.stderr).toBe(0);

    const tasks = await testDb.db.task.findMany({ orderBy: { key: 'asc' } });
    expect(tasks.map((t) => t.key)).toEqual(demoTasks().map((t) => t.key).sort());
    const byKey = Object.fromEntries(tasks.map((t) => [t.key, t]));
    expect(byKey['nightly-backup']).toMatchObject({ status: 'todo', scheduleKind: 'cron', source: 'demo' });
    expect(byKey['health-check']).toMatchObject({ status: 'todo', kind: 'http' });
    expect(byKey['weekly-report']).toMatchObject({ status: 'todo', kind: 'handler' });
    expect(byKey['migrate-user-avatars']).toMatchObject({ status: 'done', scheduleKind: 'once', nextRunAt: null, lastRunStatus: 'succeeded' });
    // A believable morning: the nightly backup succeeded, one task is failing with a real stderr, one is about to run.
    expect(byKey['nightly-backup']).toMatchObject({ lastRunStatus: 'succeeded' });
    expect(byKey['sync-invoices']).toMatchObject({ status: 'in_review', lastRunStatus: 'failed' });
    const stderr = await testDb.db.runLog.findMany({ where: { stream: 'stderr', run: { task: { key: 'sync-invoices' } } } });
    expect(stderr.map((l) => l.data)).toContain('error: could not resolve host billing.example.invalid\n');
    expect(byKey['reindex-search']).toMatchObject({ status: 'in_progress' });
    expect(await testDb.db.run.count({ where: { task: { key: 'reindex-search' }, status: { in: ['queued', 'running', 'succeeded'] } } })).toBe(1);
    // Nothing contradicts itself: no card in In review that never ran, none in Done or Cancelled with a run to come.
    for (const t of tasks) {
      if (t.status === 'in_review') expect(t.lastRunAt, t.key).not.toBeNull();
      if (t.status === 'done' || t.status === 'cancelled') expect(t.nextRunAt, t.key).toBeNull();
    }
    expect(byKey['rotate-api-keys']).toMatchObject({ scheduleKind: 'manual', nextRunAt: null });
    // Active recurring schedules have their first fire time in the future.
    expect(byKey['nightly-backup']!.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(byKey['nightly-backup']!.nextRunAt!.getUTCHours()).toBe(2);
    // Each creation is in the audit log, by the system.
    expect(await testDb.db.event.count({ where: { type: 'task.created', actorType: 'system' } })).toBe(tasks.length);
  });

  it('does not seed again once the demo was seeded, even after its tasks were deleted', async () => {
    await testDb.db.task.deleteMany({});
    expect(await seedDemo({ db: testDb.db, timezone: 'UTC' })).toBe(0);
    expect(await testDb.db.task.count()).toBe(0);
    // `cronboard seed` adds them back on request.
    const seeded = await runCli(['seed'], { DATABASE_URL: testDb.url });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain(`Added ${demoTasks().length} demo task(s).`);
  });

  it('lists tasks in board order as JSON and shows one task', async () => {
    const list = await runCli(['list', '--json'], { DATABASE_URL: testDb.url });
    expect(list.code, list.stderr).toBe(0);
    const tasks = JSON.parse(list.stdout) as { key: string; status: string; position: number }[];
    expect(tasks).toHaveLength(demoTasks().length);
    // Board order: by column as the board shows them (Todo first), then position.
    const column = (s: string) => ['todo', 'in_progress', 'in_review', 'done', 'cancelled'].indexOf(s);
    const sorted = [...tasks].sort((a, b) => column(a.status) - column(b.status) || a.position - b.position);
    expect(tasks.map((t) => t.key)).toEqual(sorted.map((t) => t.key));

    const show = await runCli(['show', 'nightly-backup'], { DATABASE_URL: testDb.url });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('Nightly backup (nightly-backup)');
    expect(show.stdout).toMatch(/schedule: {2}0 2 \* \* \* \(.*02:00.*\)/);
  });

  it('answers an unknown task and bad arguments with one clear line and a non-zero exit', async () => {
    const missing = await runCli(['show', 'no-such-task'], { DATABASE_URL: testDb.url });
    // An unknown key is bad input: exit status 2, as the README says.
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe("cronboard: No task with key 'no-such-task'");

    const badFlag = await runCli(['worker', '--concurrency', 'zero'], { DATABASE_URL: testDb.url });
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("'zero' is not a whole number");

    const badConfig = await runCli(['list'], { DATABASE_URL: testDb.url, LOG_LEVEL: 'chatty' });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('LOG_LEVEL (environment): must be one of');
    expect(badConfig.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('creating a task', () => {
  const testDb = useTestDatabase();

  it('refuses a one-time schedule in the past, saying so', async () => {
    const { createTask } = await import('../../server/tasks/create-task');
    const attempt = createTask({
      db: testDb.db,
      input: { key: 'late', name: 'Late', kind: 'shell', command: 'true', schedule: '2020-01-01T00:00:00Z' },
      actor: { type: 'system', name: 'test' },
      source: 'cli',
      defaultTimezone: 'UTC',
    });
    await expect(attempt).rejects.toThrow(/one-time date 2020-01-01T00:00:00.000Z is in the past/);
    expect(await testDb.db.task.count()).toBe(0);
  });
});
