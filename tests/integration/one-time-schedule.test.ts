import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db';
import { ONE_TIME_SPENT_TEXT, oneTimeScheduleSpent } from '../../server/tasks/constants';
import { getTask } from '../../server/tasks/get-task';
import type { CronboardWorker } from '../../worker/worker';
import { waitFor } from './helpers/processes';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/test-db';
import { inProcessWorker, makeTask, testConfig } from './helpers/worker-harness';

const provider = testProvider();

// Issue 18 item 2: a task created with schedule `now` fired again after every
// run (792 runs in 10 s). A one-time schedule fires once; after it the task has
// no next run.
describe(`one-time schedules on ${provider}`, () => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  let worker: CronboardWorker | null = null;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrateDatabase({ url: testDb.url });
    handle = await openDatabase(testDb.url);
  });
  afterEach(async () => {
    await worker?.stop('test over', 2000);
    worker = null;
    await handle.db.run.deleteMany({});
    await handle.db.task.deleteMany({});
  });
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  /** Starts a worker, waits for the task's first run to finish, lets the worker run on for `forMs`, and counts. */
  async function runsAfter(taskId: number, forMs: number) {
    worker = inProcessWorker(handle.db, testConfig(testDb.url));
    await worker.start();
    await waitFor(
      () => handle.db.run.findFirst({ where: { taskId, status: { notIn: ['queued', 'running'] } } }),
      30_000,
      'the one-time run to finish',
    );
    await new Promise((resolve) => setTimeout(resolve, forMs));
    return handle.db.run.findMany({ where: { taskId }, orderBy: { id: 'asc' } });
  }

  it("'now' fires once, however long the worker keeps running, and leaves no next run", async () => {
    const task = await makeTask(handle.db, {
      key: 'right-away',
      kind: 'handler',
      handler: 'noop',
      command: undefined,
      schedule: 'now',
    });
    expect(task.nextRunAt).not.toBeNull();
    const runs = await runsAfter(task.id, 3000);
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([['schedule', 'succeeded']]);
    const after = await getTask({ db: handle.db, key: task.key });
    expect(after.nextRunAt).toBeNull();
    expect(after.lastRunStatus).toBe('succeeded');
    // The card and the task page show ONE_TIME_SPENT_TEXT for such a task.
    expect(oneTimeScheduleSpent(after)).toBe(true);
    expect(ONE_TIME_SPENT_TEXT).toMatch(/one-time schedule already fired/);
  });

  it('a one-time date fires once at that date, and leaves no next run', async () => {
    const at = new Date(Date.now() + 1500);
    const task = await makeTask(handle.db, {
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
    const after = await getTask({ db: handle.db, key: task.key });
    expect(after.nextRunAt).toBeNull();
    expect(oneTimeScheduleSpent(after)).toBe(true);
  });

  it('a recurring schedule goes on firing after its first run (not spent)', async () => {
    const task = await makeTask(handle.db, {
      key: 'every-second',
      kind: 'handler',
      handler: 'noop',
      command: undefined,
      schedule: '* * * * * *',
    });
    const runs = await runsAfter(task.id, 2500);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const after = await getTask({ db: handle.db, key: task.key });
    expect(after.nextRunAt).not.toBeNull();
    expect(oneTimeScheduleSpent(after)).toBe(false);
  });
});
