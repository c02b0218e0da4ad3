// `cronboard apply` through the real CLI process (plan text and JSON, exit
// statuses, every problem located) and the apply service (atomicity, prune
// scope, a managed task's ownership and the board's fields), on both databases.
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { applyJobs } from '../../server/jobs/apply-jobs';
import { loadJobFiles } from '../../server/jobs/load-job-files';
import { moveTask } from '../../server/board/move-task';
import { createTask } from '../../server/tasks/create-task';
import { updateTask } from '../../server/tasks/update-task';
import { detachTask } from '../../server/tasks/detach-task';
import { userActor, tester } from './helpers/actors';
import { expectAppError } from './helpers/app-error';
import { runCli } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const EXAMPLES = join(process.cwd(), 'examples/jobs');

describe(`cronboard apply on ${provider}`, () => {
  const t = useTestDatabase();
  const dirs: string[] = [];
  const folder = (name = 'jobs') => {
    const root = mkdtempSync(join(tmpdir(), 'cronboard-jobs-'));
    dirs.push(root);
    const dir = join(root, name);
    cpSync(EXAMPLES, dir, { recursive: true });
    return dir;
  };
  const cli = (cwd: string, ...args: string[]) =>
    runCli(
      args,
      { DATABASE_URL: t.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', USER: 'alice', CRONBOARD_ROOT: process.cwd() },
      cwd,
    );
  const apply = (paths: string[], options: Partial<Parameters<typeof applyJobs>[0]> = {}) =>
    applyJobs({
      db: t.db,
      jobs: loadJobFiles({ paths, defaultTimezone: 'UTC' }),
      actor: tester,
      defaultTimezone: 'UTC',
      ...options,
    });

  beforeEach(() => t.reset(['run', 'task', 'event']));
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it(
    'applies the example folder (both formats) through the CLI, then re-applies with 0 changes',
    { timeout: 120_000 },
    async () => {
      const dir = folder();
      const first = await cli(join(dir, '..'), 'apply', 'jobs');
      expect(first.code, first.stderr).toBe(0);
      expect(
        first.stdout
          .split('\n')
          .filter((l) => l.startsWith('+ create'))
          .sort(),
      ).toEqual(['+ create daily-report', '+ create example-daily', '+ create health-check', '+ create process-pending-emails']);
      expect(first.stdout).toContain('Applied 4 change(s).');
      // The YAML job daemon's example file, loaded unchanged.
      expect(await t.db.task.findUniqueOrThrow({ where: { key: 'example-daily' } })).toMatchObject({
        name: 'Example Daily Job',
        kind: 'shell',
        command: 'echo "Health check complete"',
        schedule: '0 2 * * *',
        priority: 1,
        paused: false,
        maxRetries: 2,
        timeoutSeconds: 300,
        source: 'yaml',
        sourcePath: join(dir, 'example-daily.yaml'),
        createdBy: 'alice',
      });
      // The tasks: list: function → handler, kwargs → payload, the key from the name.
      expect(await t.db.task.findUniqueOrThrow({ where: { key: 'process-pending-emails' } })).toMatchObject({
        kind: 'handler',
        handler: 'app.services.email_service:process_pending_emails_task',
        payload: { batch_size: 50 },
        schedule: '5 minutes',
        scheduleKind: 'interval',
      });
      const again = await cli(join(dir, '..'), 'apply', 'jobs', '--json');
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({ create: [], adopt: [], update: [], delete: [], unchanged: 4, applied: true });
    },
  );

  it(
    'shows an update as a plan with --dry-run and changes nothing; --prune deletes what the folder dropped',
    { timeout: 120_000 },
    async () => {
      const dir = folder();
      await apply([dir]);
      const daily = join(dir, 'example-daily.yaml');
      writeFileSync(
        daily,
        readFileSync(daily, 'utf8').replace('max_retries: 2', 'max_retries: 3').replace('"0 2 * * *"', '"0 3 * * *"'),
      );
      unlinkSync(join(dir, 'health-check.yaml'));
      const dry = await cli(dir, 'apply', '.', '--prune', '--dry-run');
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain('~ update example-daily: schedule "0 2 * * *" → "0 3 * * *", max_retries 2 → 3');
      expect(dry.stdout).toContain('- delete health-check');
      expect(dry.stdout).toContain('= 2 unchanged');
      expect(await t.db.task.findUniqueOrThrow({ where: { key: 'example-daily' } })).toMatchObject({
        maxRetries: 2,
        schedule: '0 2 * * *',
      });
      expect(await t.db.task.count({ where: { key: 'health-check' } })).toBe(1);

      const real = await cli(dir, 'apply', '.', '--prune', '--json');
      expect(real.code, real.stderr).toBe(0);
      expect(JSON.parse(real.stdout)).toMatchObject({
        update: [{ key: 'example-daily', changes: { schedule: ['0 2 * * *', '0 3 * * *'], max_retries: [2, 3] } }],
        delete: ['health-check'],
        unchanged: 2,
      });
      expect(await t.db.task.findUniqueOrThrow({ where: { key: 'example-daily' } })).toMatchObject({
        maxRetries: 3,
        schedule: '0 3 * * *',
      });
      expect(await t.db.task.count({ where: { key: 'health-check' } })).toBe(0);
    },
  );

  it(
    'an invalid file among valid ones changes nothing and every problem names file, line, column and field',
    { timeout: 120_000 },
    async () => {
      const dir = folder();
      writeFileSync(join(dir, 'daily.yaml'), 'id: daily\ncommand: ./daily.sh\nschedule: "61 2 * * *"\nmaxRetries: 2\n');
      writeFileSync(join(dir, 'copy.yaml'), 'id: example-daily\ncommand: echo copy\n');
      const r = await cli(join(dir, '..'), 'apply', 'jobs');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('jobs/daily.yaml:3:12: schedule: minute: 61 is out of range 0-59');
      expect(r.stderr).toContain('jobs/daily.yaml:4:1: maxRetries: unknown key (did you mean max_retries?)');
      expect(r.stderr).toMatch(/jobs\/example-daily\.yaml:1:5: id: 'example-daily' is also defined in jobs\/copy\.yaml:1:1/);
      expect(r.stderr).toContain('nothing was changed');
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      expect(await t.db.task.count()).toBe(0);

      // The same through the service: nothing of the valid files is written either.
      await expectAppError(apply([dir]), 'BAD_REQUEST', /61 is out of range/);
      expect(await t.db.task.count()).toBe(0);
    },
  );

  it('prunes only the tasks of the folder applied, never UI tasks or another folder’s, and refuses a running one unless forced', async () => {
    const a = folder('a');
    const b = folder('b');
    // b defines other keys than a.
    for (const file of ['example-daily.yaml', 'health-check.yaml', 'scheduled-tasks.yaml']) unlinkSync(join(b, file));
    writeFileSync(join(b, 'other.yaml'), 'id: other\ncommand: echo other\n');
    await apply([a]);
    await apply([b]);
    await createTask({
      db: t.db,
      input: { key: 'by-hand', name: 'By hand', kind: 'shell', command: 'echo' },
      actor: tester,
      source: 'ui',
      defaultTimezone: 'UTC',
    });

    rmSync(join(a, 'scheduled-tasks.yaml'));
    rmSync(join(a, 'health-check.yaml'));
    const health = await t.db.task.findUniqueOrThrow({ where: { key: 'health-check' } });
    const run = await t.db.run.create({
      data: { taskId: health.id, status: 'running', trigger: 'manual', startedAt: new Date() },
    });
    await expectAppError(apply([a], { prune: true }), 'BAD_REQUEST', /cannot delete 'health-check'.*running.*--force/s);
    expect(await t.db.task.count({ where: { key: { in: ['daily-report', 'process-pending-emails', 'health-check'] } } })).toBe(3);

    const forced = await apply([a], { prune: true, force: true });
    expect(forced.plan.delete.sort()).toEqual(['daily-report', 'health-check', 'process-pending-emails']);
    expect(await t.db.run.count({ where: { id: run.id } })).toBe(0);
    expect((await t.db.task.findMany({ orderBy: { key: 'asc' } })).map((x) => x.key)).toEqual([
      'by-hand',
      'example-daily',
      'other',
    ]);
  });

  it('a managed task: definition refused elsewhere (409 naming the file), board fields free, a sync never moves the card', async () => {
    const dir = folder();
    await apply([dir]);
    const editor = userActor('editor');
    await expectAppError(
      updateTask({ db: t.db, key: 'health-check', patch: { schedule: 'hourly' }, actor: editor, defaultTimezone: 'UTC' }),
      'CONFLICT',
      /managed in .*health-check\.yaml.*schedule/,
    );
    const operator = userActor('operator');
    await updateTask({
      db: t.db,
      key: 'health-check',
      patch: { assignee: 'ada', labels: ['ops', 'board-label'] },
      actor: operator,
      defaultTimezone: 'UTC',
    });
    const current = await t.db.task.findUniqueOrThrow({ where: { key: 'health-check' } });
    await moveTask({ db: t.db, key: 'health-check', toStatus: 'in_review', expectedBoardVersion: current.boardVersion, actor: operator });
    const moved = await t.db.task.findUniqueOrThrow({ where: { key: 'health-check' } });

    const file = join(dir, 'health-check.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('every 10 minutes', 'every 15 minutes'));
    const result = await apply([dir]);
    expect(result.plan.update).toEqual([
      { key: 'health-check', changes: { schedule: ['every 10 minutes', 'every 15 minutes'] } },
    ]);
    const after = await t.db.task.findUniqueOrThrow({ where: { key: 'health-check' }, include: { labels: true } });
    expect(after).toMatchObject({ schedule: 'every 15 minutes', status: 'in_review', position: moved.position, assignee: 'ada' });
    expect(after.labels.map((l) => l.name).sort()).toEqual(['board-label', 'ops']);
  });

  it('"Detach from file" makes a managed task a UI task: its definition editable, never pruned by its folder', async () => {
    const dir = folder();
    await apply([dir]);
    const row = await t.db.task.findUniqueOrThrow({ where: { key: 'health-check' } });
    await expectAppError(
      detachTask({ db: t.db, key: 'health-check', actor: userActor('editor'), expectedVersion: row.version - 1 }),
      'CONFLICT',
    );
    const detached = await detachTask({
      db: t.db,
      key: 'health-check',
      actor: userActor('editor'),
      expectedVersion: row.version,
    });
    expect(detached).toMatchObject({ source: 'ui', managedIn: null });
    expect(await t.db.event.count({ where: { type: 'task.detached', taskKey: 'health-check' } })).toBe(1);
    await updateTask({
      db: t.db,
      key: 'health-check',
      patch: { schedule: 'hourly' },
      actor: userActor('editor'),
      defaultTimezone: 'UTC',
    });
    rmSync(join(dir, 'health-check.yaml'));
    expect((await apply([dir], { prune: true })).plan.delete).toEqual([]);
    expect(await t.db.task.findUniqueOrThrow({ where: { key: 'health-check' } })).toMatchObject({
      schedule: 'hourly',
      source: 'ui',
    });
    await expectAppError(detachTask({ db: t.db, key: 'health-check', actor: userActor('editor') }), 'CONFLICT', /not managed/);
  });

  it('adopts an existing task made in the UI when a file defines its key, and shows it in the plan', async () => {
    await createTask({
      db: t.db,
      input: { key: 'example-daily', name: 'Example Daily Job', kind: 'shell', command: 'echo old', schedule: '0 2 * * *' },
      actor: tester,
      source: 'ui',
      defaultTimezone: 'UTC',
    });
    const result = await apply([join(folder(), 'example-daily.yaml')]);
    expect(result.plan.adopt).toEqual([{ key: 'example-daily', from: 'ui' }]);
    expect(result.plan.update[0]?.changes.command).toEqual(['echo old', 'echo "Health check complete"']);
    expect(await t.db.task.findUniqueOrThrow({ where: { key: 'example-daily' } })).toMatchObject({ source: 'yaml' });
  });
});
