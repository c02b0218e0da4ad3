// The schedule-server compatibility API (POST /schedule, issue 17 item 1):
// every request example of README "Migrating from a schedule server" answers
// exactly as documented, bad parameters are 400 with the field named, and the
// actions need a token of the role the access table gives.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import { getSchedulerState } from '../../server/scheduler/scheduler-state';
import { SCHEDULE_SERVER_MINIMUM_ROLE } from './helpers/access-table';
import { restSession } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { testConfig, waitForRunToFinish, workerFleet } from './helpers/worker-harness';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'cronboard-schedule-server-')));
const TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

type Answer = { status: number; body: Record<string, unknown> };

async function post(body: unknown, token: string | null, raw?: string): Promise<Answer> {
  const { POST } = await import('../../app/schedule/route');
  const headers = new Headers({ 'content-type': 'application/json' });
  if (token) headers.set('authorization', `Bearer ${token}`);
  const response = await POST(new Request('http://localhost/schedule', { method: 'POST', headers, body: raw ?? JSON.stringify(body) }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** "YYYY-MM-DD HH:MM:SS" of a UTC instant (the test configures CRONBOARD_TIMEZONE=UTC). */
const utc = (date: Date | null) => date?.toISOString().slice(0, 19).replace('T', ' ') ?? null;

describe(`POST /schedule (schedule-server API) on ${testProvider()}`, () => {
  const testDb = useTestDatabase({ app: true, env: { ALLOWED_WORKDIRS: root, CRONBOARD_TIMEZONE: 'UTC' } });
  let db: Db, editor: string, operator: string, viewer: string, admin: string;
  beforeAll(async () => {
    mkdirSync(join(root, 'tests'));
    ({ db, tokens: [editor, operator, viewer, admin] } = await restSession(['editor', 'operator', 'viewer', 'admin']));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('create, list and remove answer exactly as documented', async () => {
    const created = await post({ action: 'create', task_id: 'backup_task', type: 'command', command: 'tar czf /tmp/backup.tgz /srv/data', interval: 'every 1 hour' }, editor!);
    const backup = await db.task.findUniqueOrThrow({ where: { key: 'backup_task' } });
    expect(created).toEqual({
      status: 200,
      body: { status: 'success', message: "Task 'backup_task' scheduled to run every 1 hour", task_id: 'backup_task', next_run: utc(backup.nextRunAt) },
    });
    expect(created.body.next_run).toMatch(TIME);
    expect(backup).toMatchObject({ kind: 'shell', command: 'tar czf /tmp/backup.tgz /srv/data', schedule: 'every 1 hour', source: 'api' });

    const testFile = join(root, 'tests', 'test_app.py');
    const tests = await post({ action: 'create', task_id: 'nightly_tests', type: 'test', file_path: testFile, interval: 'daily at 2:00' }, editor!);
    expect(tests.body).toMatchObject({ status: 'success', message: "Task 'nightly_tests' scheduled to run daily at 2:00" });
    expect(await db.task.findUniqueOrThrow({ where: { key: 'nightly_tests' } })).toMatchObject({
      kind: 'shell',
      command: `python3 -m pytest '${testFile}'`,
      cwd: join(root, 'tests'),
      scheduleKind: 'cron',
    });

    const reportFile = join(root, 'report.py');
    const script = await post({ action: 'create', task_id: 'weekly_report', type: 'script', file_path: reportFile, interval: 'monday at 09:00' }, editor!);
    expect(script.body).toMatchObject({ status: 'success', message: "Task 'weekly_report' scheduled to run monday at 09:00" });
    expect((await db.task.findUniqueOrThrow({ where: { key: 'weekly_report' } })).command).toBe(`python3 '${reportFile}'`);

    const customScript = 'import datetime\nprint("now:", datetime.datetime.now())\n';
    const custom = await post({ action: 'create', task_id: 'inline_check', type: 'custom', custom_script: customScript, interval: 'every 30 minutes' }, editor!);
    expect(custom.body).toMatchObject({ status: 'success', task_id: 'inline_check' });
    expect(await db.task.findUniqueOrThrow({ where: { key: 'inline_check' } })).toMatchObject({ kind: 'script', scriptInterpreter: 'python3', scriptBody: customScript });

    const listed = await post({ action: 'list' }, viewer!);
    expect(listed.status).toBe(200);
    const row = async (key: string) => db.task.findUniqueOrThrow({ where: { key } });
    const times = async (key: string) => ({ next_run: utc((await row(key)).nextRunAt), created_at: utc((await row(key)).createdAt) });
    expect(listed.body).toEqual({
      status: 'success',
      tasks: [
        { id: 'backup_task', details: { type: 'command', interval: 'every 1 hour', command: 'tar czf /tmp/backup.tgz /srv/data', file_path: null, custom_script: null, ...(await times('backup_task')) } },
        { id: 'inline_check', details: { type: 'custom', interval: 'every 30 minutes', command: null, file_path: null, custom_script: customScript, ...(await times('inline_check')) } },
        { id: 'nightly_tests', details: { type: 'test', interval: 'daily at 2:00', command: null, file_path: testFile, custom_script: null, ...(await times('nightly_tests')) } },
        { id: 'weekly_report', details: { type: 'script', interval: 'monday at 09:00', command: null, file_path: reportFile, custom_script: null, ...(await times('weekly_report')) } },
      ],
      count: 4,
    });

    const removed = await post({ action: 'remove', task_id: 'backup_task' }, editor!);
    expect(removed).toEqual({ status: 200, body: { status: 'success', message: "Task 'backup_task' removed", task_id: 'backup_task' } });
    expect((await post({ action: 'list' }, viewer!)).body.count).toBe(3);
  });

  it.each([
    ['no action', {}, 'action: must be one of create, list, remove, start, stop'],
    ['an unknown action', { action: 'pause' }, 'action: must be one of create, list, remove, start, stop'],
    ['an unknown type', { action: 'create', task_id: 'x1', type: 'python', interval: 'every 1 hour' }, 'type: must be one of command, test, script, custom'],
    ['no interval', { action: 'create', task_id: 'x2', type: 'command', command: 'true' }, /^interval: /],
    ['no command', { action: 'create', task_id: 'x3', type: 'command', interval: 'every 1 hour' }, 'command: is required for type command'],
    ['no file_path', { action: 'create', task_id: 'x4', type: 'test', interval: 'every 1 hour' }, 'file_path: is required for this type'],
    ['a file_path outside ALLOWED_WORKDIRS', { action: 'create', task_id: 'x5', type: 'script', file_path: '/etc/passwd', interval: 'every 1 hour' }, /^file_path: \/etc\/passwd is outside the allowed working directories/],
    ['no custom_script', { action: 'create', task_id: 'x6', type: 'custom', interval: 'every 1 hour' }, 'custom_script: is required for type custom'],
    ['an interval the parser cannot read', { action: 'create', task_id: 'x7', type: 'command', command: 'true', interval: 'every blue moon' }, /every blue moon|schedule/i],
    ['a task_id that is not a key', { action: 'create', task_id: 'Backup Task!', type: 'command', command: 'true', interval: 'every 1 hour' }, /key.*lowercase/],
    ['removing an unknown task', { action: 'remove', task_id: 'no_such_task' }, "No task with key 'no_such_task'"],
  ])('%s: 400 with the reason', async (_, body, message) => {
    const answer = await post(body, editor!);
    expect(answer.status).toBe(400);
    expect(answer.body.status).toBe('error');
    if (typeof message === 'string') expect(answer.body.message).toBe(message);
    else expect(answer.body.message).toMatch(message);
    expect(Object.keys(answer.body).sort()).toEqual(['message', 'status']);
  });

  it('a body that is not JSON, and a taken task_id, are 400 too; nothing is created twice', async () => {
    expect(await post(null, editor!, '{"action": ')).toEqual({ status: 400, body: { status: 'error', message: 'The request body must be JSON, e.g. {"action": "list"}.' } });
    const first = await post({ action: 'create', task_id: 'twice', type: 'command', command: 'true', interval: 'every 1 hour' }, editor!);
    expect(first.status).toBe(200);
    const again = await post({ action: 'create', task_id: 'twice', type: 'command', command: 'true', interval: 'every 1 hour' }, editor!);
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/twice/);
    expect(await db.task.count({ where: { key: 'twice' } })).toBe(1);
  });

  // pytest is not a dependency of Cronboard: the test type's run is checked where python3 has it.
  const hasPytest = (() => {
    try {
      execFileSync('python3', ['-m', 'pytest', '--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it('a custom inline Python task and a test task run on a worker like shell tasks, with their output in the log', async () => {
    writeFileSync(join(root, 'tests', 'test_ok.py'), 'def test_ok():\n    assert 1 + 1 == 2\n');
    await post({ action: 'create', task_id: 'run_custom', type: 'custom', custom_script: 'import os\nprint("custom ran in", os.getcwd())\n', interval: 'every 1 hour' }, editor!);
    await post({ action: 'create', task_id: 'run_tests', type: 'test', file_path: join(root, 'tests', 'test_ok.py'), interval: 'every 1 hour' }, editor!);
    const fleet = workerFleet();
    try {
      const worker = await fleet.add(testDb.db, testDb.url, testConfig(testDb.url, { allowedWorkdirs: [root] }), { concurrency: 2 });
      await worker.start();
      const output = async (key: string) => {
        const [runId] = await queueRuns({ db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR });
        const run = await waitForRunToFinish(db, runId!, 60_000);
        const logs = await db.runLog.findMany({ where: { runId: runId! }, orderBy: { seq: 'asc' } });
        return { status: run.status, out: logs.filter((l) => l.stream === 'stdout').map((l) => l.data).join('') };
      };
      expect(await output('run_custom')).toEqual({ status: 'succeeded', out: `custom ran in ${root}\n` });
      if (hasPytest) {
        const tests = await output('run_tests');
        expect(tests.status).toBe('succeeded');
        expect(tests.out).toMatch(/1 passed/);
      }
    } finally {
      await fleet.stopAll();
    }
  });

  it('stop and start pause and resume the whole scheduler (the same switch as `cronboard scheduler`)', async () => {
    expect(await post({ action: 'stop' }, admin!)).toEqual({ status: 200, body: { status: 'success', message: 'Scheduler stopped' } });
    expect(await getSchedulerState({ db })).toMatchObject({ paused: true });
    expect(await post({ action: 'stop' }, admin!)).toEqual({ status: 200, body: { status: 'success', message: 'Scheduler already stopped' } });
    expect(await post({ action: 'start' }, admin!)).toEqual({ status: 200, body: { status: 'success', message: 'Scheduler started' } });
    expect(await getSchedulerState({ db })).toMatchObject({ paused: false });
    const events = await db.event.findMany({ where: { type: { startsWith: 'scheduler.' } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['scheduler.paused', 'scheduler.resumed']);
  });

  it('needs a token: anonymous is 401; each action needs the role of the access table', async () => {
    const anonymous = await post({ action: 'list' }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ status: 'error', message: expect.stringMatching(/Sign in first/) as string });
    expect((await post({ action: 'list' }, 'cb_not_a_real_token')).status).toBe(401);
    // Who may call comes before what was sent: a bad body is 401 anonymous, and a create with bad fields 403 below editor.
    expect((await post(null, null, '{"action": ')).status).toBe(401);
    expect((await post({ action: 'create', task_id: 5, type: 'weekly' }, null)).status).toBe(401);
    expect(await post({ action: 'create', task_id: 5, type: 'weekly' }, viewer!)).toEqual({ status: 403, body: { status: 'error', message: 'create needs the editor role; you are viewer.' } });
    expect((await post({ action: 'remove' }, operator!)).status).toBe(403);

    const tokens = { viewer: viewer!, operator: operator!, editor: editor!, admin: admin! };
    const requests = {
      create: (id: string) => ({ action: 'create', task_id: id, type: 'command', command: 'true', interval: 'every 1 hour' }),
      list: () => ({ action: 'list' }),
      remove: (id: string) => ({ action: 'remove', task_id: id }),
      start: () => ({ action: 'start' }),
      stop: () => ({ action: 'stop' }),
    };
    const ranks = ['viewer', 'operator', 'editor', 'admin'] as const;
    for (const [action, minimum] of Object.entries(SCHEDULE_SERVER_MINIMUM_ROLE) as [keyof typeof requests, string][]) {
      for (const role of ranks) {
        const id = `access_${action}_${role}`;
        if (action === 'remove') await post(requests.create(id), editor!);
        const answer = await post(requests[action](id), tokens[role]);
        const allowed = ranks.indexOf(role) >= ranks.indexOf(minimum as (typeof ranks)[number]);
        expect(answer.status, `${action} as ${role}`).toBe(allowed ? 200 : 403);
        if (!allowed) expect(answer.body).toEqual({ status: 'error', message: `${action} needs the ${minimum} role; you are ${role}.` });
      }
    }
  });
});
