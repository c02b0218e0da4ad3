import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { claimRuns } from '../../server/queue/claim-runs';
import { claimAndStartRuns } from '../../server/queue/claim-and-start-runs';
import { finishRuns } from '../../server/queue/finish-runs';
import { materializeDueRuns } from '../../server/queue/materialize-due-runs';
import { reapExpiredLeases } from '../../server/queue/reap-expired-leases';
import { ageQueuedRuns } from '../../server/queue/age-queued-runs';
import { cancelRun } from '../../server/runs/cancel-run';
import { ONE_TIME_SPENT_TEXT, oneTimeScheduleSpent } from '../../server/tasks/constants';
import { getTask } from '../../server/tasks/get-task';
import { queueRuns } from '../../server/queue/queue-runs';
import type { CronboardWorker } from '../../worker/worker';
import { isAlive, waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, scratchDir, testConfig } from './helpers/worker-harness';

const provider = testProvider();
const GRACE_MS = 61_234; // a shutdown grace no other timer of the worker uses

describe(`the worker core on ${provider}`, () => {
  const testDb = useTestDatabase();
  let worker: CronboardWorker | null = null;
  const dirs: string[] = [];
  afterEach(async () => {
    await worker?.stop('test over', 2000);
    worker = null;
    // Each test starts from an empty queue.
    await testDb.reset(['run', 'task']);
  });
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const scratch = () => {
    const d = scratchDir();
    dirs.push(d);
    return d;
  };
  const finalStatus = (runId: number) =>
    waitFor(async () => {
      const run = await testDb.db.run.findUnique({ where: { id: runId } });
      return run && !['queued', 'running'].includes(run.status) ? run : null;
    }, 30_000, `run ${runId} to finish`);

  it('never claims more runs than asked for, and never the same run twice', async () => {
    await makeTask(testDb.db, { key: 'bulk', overlap: 'allow', maxInstances: 100 });
    await queueRuns({ db: testDb.db, task: { key: 'bulk' }, trigger: 'manual', actor: SYSTEM_ACTOR, times: 25 });
    const w = await testDb.db.worker.create({ data: { id: 'w-limit', name: 'w', host: 'h', pid: 1, version: 't', concurrency: 3 } });
    const seen = new Set<number>();
    for (const limit of [1, 3, 7, 20]) {
      const claimed = await claimRuns({ db: testDb.db, workerId: w.id, limit, leaseSeconds: 30 });
      expect(claimed).toHaveLength(Math.min(limit, 25 - seen.size));
      for (const c of claimed) {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
      }
    }
    expect(seen.size).toBe(25);
    expect(await testDb.db.run.count({ where: { status: 'running' } })).toBe(25);
    expect(new Set((await testDb.db.run.findMany({ select: { claimToken: true } })).map((r) => r.claimToken)).size).toBe(25);
  });

  it('with one slot, runs queued work in priority order: urgent, high, medium, low', async () => {
    const dir = scratch();
    const out = join(dir, 'order.txt');
    for (const priority of ['low', 'medium', 'high', 'urgent'] as const) {
      await makeTask(testDb.db, { key: `p-${priority}`, priority, command: `echo ${priority} >> ${out}`, cwd: dir });
      await queueRuns({ db: testDb.db, task: { key: `p-${priority}` }, trigger: 'manual', actor: SYSTEM_ACTOR });
    }
    worker = inProcessWorker(testDb.db, testConfig(testDb.url, { allowedWorkdirs: [dir] }), { concurrency: 1 });
    await worker.start();
    await waitFor(async () => (await testDb.db.run.count({ where: { status: 'succeeded' } })) === 4, 30_000, 'four runs');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual(['urgent', 'high', 'medium', 'low']);
  });

  it('streams output into ordered log chunks and moves the card: Todo → In progress → Todo for a recurring task', async () => {
    const dir = scratch();
    const task = await makeTask(testDb.db, { key: 'echoer', schedule: '0 3 * * *', command: 'echo one; echo two >&2; sleep 1; echo three; echo "db=${DATABASE_URL:-none} key=$CRONBOARD_TASK_KEY"', cwd: dir });
    expect(task.status).toBe('todo');
    const [runId] = await queueRuns({ db: testDb.db, task: { key: 'echoer' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    process.env.DATABASE_URL = 'postgresql://worker:secret@db/never-shown-to-tasks';
    worker = inProcessWorker(testDb.db, testConfig(testDb.url, { allowedWorkdirs: [dir] }));
    await worker.start();
    await waitFor(async () => (await testDb.db.task.findUnique({ where: { key: 'echoer' } }))?.status === 'in_progress', 10_000, 'card in progress');
    const run = await finalStatus(runId!);
    expect(run.status).toBe('succeeded');
    expect(run.exitCode).toBe(0);
    const logs = await testDb.db.runLog.findMany({ where: { runId: runId! }, orderBy: { seq: 'asc' } });
    const stdout = logs.filter((l) => l.stream === 'stdout').map((l) => l.data).join('');
    delete process.env.DATABASE_URL;
    // The task sees its run's variables but not the worker's database credentials.
    expect(stdout).toBe('one\nthree\ndb=none key=echoer\n');
    expect(logs.filter((l) => l.stream === 'stderr').map((l) => l.data).join('')).toBe('two\n');
    expect(logs.map((l) => l.seq)).toEqual(logs.map((_, i) => i + 1));
    const after = await testDb.db.task.findUniqueOrThrow({ where: { key: 'echoer' } });
    expect(after).toMatchObject({ status: 'todo', lastRunStatus: 'succeeded' });
    const types = (await testDb.db.event.findMany({ where: { runId: runId! }, orderBy: { id: 'asc' } })).map((e) => e.type);
    expect(types).toEqual(['run.queued', 'run.started', 'task.moved', 'run.succeeded', 'task.moved']);
  });

  it('retries a failing run with backoff, each attempt its own run, then sends the card to In review', async () => {
    const dir = scratch();
    await makeTask(testDb.db, { key: 'flaky', command: 'echo nope >&2; exit 3', maxRetries: 2, retryBackoff: 'fixed', retryDelaySeconds: 1, cwd: dir });
    const [first] = await queueRuns({ db: testDb.db, task: { key: 'flaky' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    worker = inProcessWorker(testDb.db, testConfig(testDb.url, { allowedWorkdirs: [dir] }));
    await worker.start();
    const runs = await waitFor(async () => {
      const all = await testDb.db.run.findMany({ orderBy: { id: 'asc' } });
      return all.length === 3 && all.every((r) => r.status === 'failed') ? all : null;
    }, 30_000, 'three failed attempts');
    expect(runs.map((r) => [r.attempt, r.trigger, r.exitCode])).toEqual([
      [1, 'manual', 3],
      [2, 'retry', 3],
      [3, 'retry', 3],
    ]);
    expect(runs[1]!.retryOfId).toBe(first);
    expect(runs[0]!.error).toMatch(/exit code 3/);
    // Backoff: each retry became available about a second (plus up to 10% jitter) after the failure before it.
    for (const i of [1, 2]) {
      const wait = runs[i]!.availableAt.getTime() - runs[i - 1]!.finishedAt!.getTime();
      expect(wait).toBeGreaterThanOrEqual(1000);
      expect(wait).toBeLessThanOrEqual(1100 + 5);
    }
    expect(await testDb.db.task.findUniqueOrThrow({ where: { key: 'flaky' } })).toMatchObject({ status: 'in_review', lastRunStatus: 'failed' });
    expect(await testDb.db.event.count({ where: { type: 'run.retry_scheduled' } })).toBe(2);
  });

  it('times out a run by killing its whole process tree', async () => {
    const dir = scratch();
    const pids = join(dir, 'pids');
    await makeTask(testDb.db, { key: 'slow', command: `sleep 60 & echo $! >> ${pids}; sleep 60 & echo $! >> ${pids}; wait`, timeoutSeconds: 1, cwd: dir });
    const [runId] = await queueRuns({ db: testDb.db, task: { key: 'slow' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    worker = inProcessWorker(testDb.db, testConfig(testDb.url, { allowedWorkdirs: [dir] }));
    await worker.start();
    const run = await finalStatus(runId!);
    expect(run.status).toBe('timed_out');
    expect(run.error).toMatch(/timed out after 1 s/);
    const children = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(children).toHaveLength(2);
    // Killed processes may linger a moment as zombies until init reaps them.
    await waitFor(async () => children.every((pid) => !isAlive(pid)), 3_000, 'the children to be gone');
  });

  it('cancels a running run on request', async () => {
    const dir = scratch();
    await makeTask(testDb.db, { key: 'long', command: 'sleep 60', cwd: dir });
    const [runId] = await queueRuns({ db: testDb.db, task: { key: 'long' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    worker = inProcessWorker(testDb.db, testConfig(testDb.url, { allowedWorkdirs: [dir] }));
    await worker.start();
    await waitFor(async () => (await testDb.db.run.findUnique({ where: { id: runId! } }))?.status === 'running', 10_000, 'running');
    const asked = Date.now();
    expect(await cancelRun({ db: testDb.db, runId: runId!, actor: SYSTEM_ACTOR })).toBe('cancel_requested');
    const run = await finalStatus(runId!);
    expect(run.status).toBe('cancelled');
    expect(Date.now() - asked).toBeLessThan(5_000);
  });

  it('refuses a zombie completion once the lease was reaped, and retries the lost run', async () => {
    await makeTask(testDb.db, { key: 'zombie', maxRetries: 1, retryDelaySeconds: 0 });
    const [runId] = await queueRuns({ db: testDb.db, task: { key: 'zombie' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const w = await testDb.db.worker.create({ data: { id: 'dead-worker', name: 'dead', host: 'h', pid: 1, version: 't', concurrency: 1 } });
    const [claim] = await claimRuns({ db: testDb.db, workerId: w.id, limit: 1, leaseSeconds: 5 });
    expect(claim?.id).toBe(runId);
    // Ten seconds later nobody renewed the lease: another worker reaps it.
    const later = new Date(Date.now() + 10_000);
    const reaped = await reapExpiredLeases({ db: testDb.db, actor: SYSTEM_ACTOR, leaseSeconds: 5, now: later });
    expect(reaped.runsFailed).toEqual([runId]);
    expect(reaped.workersLost).toContain('dead-worker');
    const lost = await testDb.db.run.findUniqueOrThrow({ where: { id: runId! } });
    expect(lost).toMatchObject({ status: 'failed' });
    expect(lost.error).toMatch(/worker lost/);
    // The original worker comes back and reports success: refused, nothing overwritten.
    const [zombie] = await finishRuns({ db: testDb.db, items: [{ runId: runId!, claimToken: claim!.claimToken, outcome: { status: 'succeeded', exitCode: 0 } }], actor: SYSTEM_ACTOR });
    expect(zombie!.accepted).toBe(false);
    expect((await testDb.db.run.findUniqueOrThrow({ where: { id: runId! } })).status).toBe('failed');
    const retry = await testDb.db.run.findFirstOrThrow({ where: { retryOfId: runId! } });
    expect(retry).toMatchObject({ status: 'queued', attempt: 2, trigger: 'retry' });
  });

  it('coalesces the fire times missed while no worker ran into one run, and resumes from now', async () => {
    const task = await makeTask(testDb.db, { key: 'minutely', schedule: '* * * * *', misfire: 'coalesce' });
    const tenAgo = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
    await testDb.db.task.update({ where: { id: task.id }, data: { nextRunAt: tenAgo } });
    const result = await materializeDueRuns({ db: testDb.db, actor: SYSTEM_ACTOR });
    expect(result).toMatchObject({ tasks: 1, queued: 1 });
    const runs = await testDb.db.run.findMany({ where: { taskId: task.id } });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.scheduledFor!.getTime()).toBeGreaterThan(tenAgo.getTime());
    expect(runs[0]!.scheduledFor!.getTime()).toBeLessThanOrEqual(Date.now());
    const after = await testDb.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(after.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    // A second tick (another worker) finds nothing due: no double fire.
    expect((await materializeDueRuns({ db: testDb.db, actor: SYSTEM_ACTOR })).queued).toBe(0);
  });

  it('says when its batch was full, so a worker ticks again at once while a herd is due', async () => {
    const due = new Date(Date.now() - 60_000);
    for (const key of ['herd-a', 'herd-b', 'herd-c']) {
      const t = await makeTask(testDb.db, { key, kind: 'handler', handler: 'noop', command: undefined, schedule: '0 0 * * *', timezone: 'UTC' });
      await testDb.db.task.update({ where: { id: t.id }, data: { nextRunAt: due } });
    }
    expect(await materializeDueRuns({ db: testDb.db, actor: SYSTEM_ACTOR, limit: 2 })).toMatchObject({ tasks: 2, queued: 2, more: true });
    expect(await materializeDueRuns({ db: testDb.db, actor: SYSTEM_ACTOR, limit: 2 })).toMatchObject({ tasks: 1, queued: 1, more: false });
    expect(await testDb.db.run.count({ where: { trigger: 'schedule' } })).toBe(3);
  });

  it('catch_up runs each missed fire time, bounded; skip drops runs older than the grace', async () => {
    const base = Math.floor(Date.now() / 60_000) * 60_000;
    const catchUp = await makeTask(testDb.db, { key: 'catchup', schedule: '* * * * *' });
    await testDb.db.task.update({ where: { id: catchUp.id }, data: { misfire: 'catch_up', catchUpLimit: 5, nextRunAt: new Date(base - 10 * 60_000) } });
    const skip = await makeTask(testDb.db, { key: 'skipper', schedule: '* * * * *', misfire: 'skip', misfireGraceSeconds: 30 });
    await testDb.db.task.update({ where: { id: skip.id }, data: { nextRunAt: new Date(base - 10 * 60_000) } });
    await materializeDueRuns({ db: testDb.db, actor: SYSTEM_ACTOR, now: new Date(base + 45_000) });
    const caught = await testDb.db.run.findMany({ where: { taskId: catchUp.id }, orderBy: { scheduledFor: 'asc' } });
    expect(caught.map((r) => (r.scheduledFor!.getTime() - base) / 60_000)).toEqual([-4, -3, -2, -1, 0]);
    // At base+45 s the latest fire (base) is 45 s late: beyond the 30 s grace, so nothing runs.
    expect(await testDb.db.run.count({ where: { taskId: skip.id } })).toBe(0);
  });

  it('overlap skip records a skipped run while one is active; overlap queue waits for it', async () => {
    const skipTask = await makeTask(testDb.db, { key: 'ov-skip', schedule: '* * * * *', overlap: 'skip' });
    const queueTask = await makeTask(testDb.db, { key: 'ov-queue', schedule: '* * * * *', overlap: 'queue' });
    const base = Math.floor(Date.now() / 60_000) * 60_000;
    for (const t of [skipTask, queueTask]) {
      await queueRuns({ db: testDb.db, task: { key: t.key }, trigger: 'manual', actor: SYSTEM_ACTOR });
      await testDb.db.task.update({ where: { id: t.id }, data: { nextRunAt: new Date(base) } });
    }
    await materializeDueRuns({ db: testDb.db, actor: SYSTEM_ACTOR, now: new Date(base + 1000) });
    const skipRuns = await testDb.db.run.findMany({ where: { taskId: skipTask.id, trigger: 'schedule' } });
    expect(skipRuns.map((r) => r.status)).toEqual(['skipped']);
    const queueTaskRuns = await testDb.db.run.findMany({ where: { taskId: queueTask.id }, orderBy: { id: 'asc' } });
    expect(queueTaskRuns.map((r) => r.status)).toEqual(['queued', 'queued']);
    // Both queued runs of the queue task are due, but only one may run at a time.
    const w = await testDb.db.worker.create({ data: { id: 'w-ov', name: 'w', host: 'h', pid: 1, version: 't', concurrency: 10 } });
    // The worker's claim: a task's runs beyond its room are left queued.
    const { runs: started } = await claimAndStartRuns({ db: testDb.db, workerId: w.id, limit: 10, leaseSeconds: 30, actor: SYSTEM_ACTOR });
    expect(started.filter((r) => r.task.id === queueTask.id)).toHaveLength(1);
    expect(await testDb.db.run.count({ where: { taskId: queueTask.id, status: 'queued' } })).toBe(1);
    expect(await claimRuns({ db: testDb.db, workerId: w.id, limit: 10, leaseSeconds: 30 })).toEqual([]);
  });

  it('lets one worker at a time take the retention job, once per interval', async () => {
    const { claimMaintenance } = await import('../../server/queue/claim-maintenance');
    const ask = (workerId: string, now: Date) => claimMaintenance({ db: testDb.db, job: 'maintenance.test', everyMs: 3_600_000, workerId, now });
    const t0 = new Date();
    const first = await Promise.all(['a', 'b', 'c', 'd'].map((w) => ask(w, t0)));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await ask('a', new Date(t0.getTime() + 60_000))).toBe(false);
    const later = new Date(t0.getTime() + 3_600_001);
    const second = await Promise.all(['a', 'b', 'c', 'd'].map((w) => ask(w, later)));
    expect(second.filter(Boolean)).toHaveLength(1);
    await testDb.db.setting.deleteMany({ where: { key: 'maintenance.test' } });
  });

  it('ages waiting runs so low priority is not starved, but never above high', async () => {
    await makeTask(testDb.db, { key: 'old-low', priority: 'low' });
    await makeTask(testDb.db, { key: 'new-medium', priority: 'medium' });
    await makeTask(testDb.db, { key: 'new-urgent', priority: 'urgent' });
    const now = Date.now();
    const [oldLow] = await queueRuns({ db: testDb.db, task: { key: 'old-low' }, trigger: 'manual', actor: SYSTEM_ACTOR, now: new Date(now - 20 * 60_000) });
    const [medium] = await queueRuns({ db: testDb.db, task: { key: 'new-medium' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const [urgent] = await queueRuns({ db: testDb.db, task: { key: 'new-urgent' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    expect(await ageQueuedRuns({ db: testDb.db, stepSeconds: 300 })).toBeGreaterThan(0);
    expect((await testDb.db.run.findUniqueOrThrow({ where: { id: oldLow! } })).priority).toBe(2);
    const w = await testDb.db.worker.create({ data: { id: 'w-age', name: 'w', host: 'h', pid: 1, version: 't', concurrency: 10 } });
    const order: number[] = [];
    for (let i = 0; i < 3; i++) order.push(...(await claimRuns({ db: testDb.db, workerId: w.id, limit: 1, leaseSeconds: 30 })).map((c) => c.id));
    expect(order).toEqual([urgent, oldLow, medium]);
  });

  // Issue 18 item 2: a task created with schedule `now` fired again after every
  // run (792 runs in 10 s). A one-time schedule fires once; after it the task has
  // no next run.
  /** Starts a worker, waits for the task's first run to finish, lets the worker run on for `forMs`, and counts. */
  async function runsAfter(taskId: number, forMs: number) {
    worker = inProcessWorker(testDb.db, testConfig(testDb.url));
    await worker.start();
    await waitFor(
      () => testDb.db.run.findFirst({ where: { taskId, status: { notIn: ['queued', 'running'] } } }),
      30_000,
      'the one-time run to finish',
    );
    await new Promise((resolve) => setTimeout(resolve, forMs));
    return testDb.db.run.findMany({ where: { taskId }, orderBy: { id: 'asc' } });
  }

  it("'now' fires once, however long the worker keeps running, and leaves no next run", async () => {
    const task = await makeTask(testDb.db, {
      key: 'right-away',
      kind: 'handler',
      handler: 'noop',
      command: undefined,
      schedule: 'now',
    });
    expect(task.nextRunAt).not.toBeNull();
    const runs = await runsAfter(task.id, 3000);
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([['schedule', 'succeeded']]);
    const after = await getTask({ db: testDb.db, key: task.key });
    expect(after.nextRunAt).toBeNull();
    expect(after.lastRunStatus).toBe('succeeded');
    // The card and the task page show ONE_TIME_SPENT_TEXT for such a task.
    expect(oneTimeScheduleSpent(after)).toBe(true);
    expect(ONE_TIME_SPENT_TEXT).toMatch(/one-time schedule already fired/);
  });

  it('a one-time date fires once at that date, and leaves no next run', async () => {
    const at = new Date(Date.now() + 1500);
    const task = await makeTask(testDb.db, {
      key: 'at-a-date',
      kind: 'handler',
      handler: 'noop',
      command: undefined,
      schedule: at.toISOString(),
    });
    expect(task.nextRunAt?.getTime()).toBe(at.getTime());
    const runs = await runsAfter(task.id, 3000);
    expect(runs.map((r) => [r.trigger, r.status, r.scheduledFor?.getTime()])).toEqual([['schedule', 'succeeded', at.getTime()]]);
    expect(runs[0]!.startedAt!.getTime()).toBeGreaterThanOrEqual(at.getTime());
    const after = await getTask({ db: testDb.db, key: task.key });
    expect(after.nextRunAt).toBeNull();
    expect(oneTimeScheduleSpent(after)).toBe(true);
  });

  it('a recurring schedule goes on firing after its first run (not spent)', async () => {
    const task = await makeTask(testDb.db, {
      key: 'every-second',
      kind: 'handler',
      handler: 'noop',
      command: undefined,
      schedule: '* * * * * *',
    });
    const runs = await runsAfter(task.id, 2500);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const after = await getTask({ db: testDb.db, key: task.key });
    expect(after.nextRunAt).not.toBeNull();
    expect(oneTimeScheduleSpent(after)).toBe(false);
  });

  it('leaves no shutdown-grace timer behind when its runs end before the grace does', async () => {
    await makeTask(testDb.db, { key: 'quick', kind: 'handler', handler: 'sleep', command: undefined, payload: { ms: 300 } });
    worker = inProcessWorker(testDb.db, testConfig(testDb.url));
    await worker.start();
    const [runId] = await queueRuns({ db: testDb.db, task: { key: 'quick' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    await waitFor(
      async () => (await testDb.db.run.findUnique({ where: { id: runId! } }))?.status === 'running',
      10_000,
      'the run to start',
    );
    const setSpy = vi.spyOn(globalThis, 'setTimeout');
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout');
    const started = Date.now();
    await worker.stop('test over', GRACE_MS);
    worker = null;
    expect(Date.now() - started).toBeLessThan(10_000); // the drain ended with the run, long before the grace
    expect((await testDb.db.run.findUniqueOrThrow({ where: { id: runId! } })).status).toBe('succeeded');
    // A grace timer still pending would keep a process alive for a minute after a clean drain.
    const grace = setSpy.mock.calls.flatMap((call, i) =>
      call[1] === GRACE_MS ? [setSpy.mock.results[i]!.value as unknown] : [],
    );
    setSpy.mockRestore();
    expect(grace).toHaveLength(1);
    expect(clearSpy.mock.calls.map((call) => call[0] as unknown)).toContain(grace[0]);
    clearSpy.mockRestore();
  });
});
