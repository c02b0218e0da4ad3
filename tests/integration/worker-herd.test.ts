/**
 * Issue 14 item 3 at a test's scale: the midnight herd. 300 tasks due at the
 * same fire time (back-dated to today's 00:00 UTC) and 4 workers side by
 * side: every task gets exactly one run for that fire time, each run starts
 * once and succeeds, and every task's next run moves to the next midnight.
 * (The figures at 10,000 tasks are a benchmark: npm run bench:worker -- --only herd.)
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask, testConfig, useWorkerFleet } from './helpers/worker-harness';

const provider = testProvider();
const TASKS = 300;

describe(`the midnight herd on ${provider}`, () => {
  const testDb = useTestDatabase();
  const fleet = useWorkerFleet(testDb);
  const workers = fleet.workers;

  it(`${TASKS} tasks due at one fire time, 4 workers: exactly one run per task and fire time, each started once`, async () => {
    for (let i = 0; i < TASKS; i++) {
      await makeTask(testDb.db, { key: `nightly-${i}`, kind: 'handler', handler: 'noop', command: undefined, schedule: '0 0 * * *', timezone: 'UTC' });
    }
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    const nextMidnight = new Date(midnight.getTime() + 86_400_000);
    // The fire time has just come: every task is due at today's midnight.
    await testDb.db.task.updateMany({ data: { nextRunAt: midnight } });

    const config = testConfig(testDb.url, { pollIntervalMs: 50 });
    for (let i = 0; i < 4; i++) await fleet.add(testDb.db, testDb.url, config, { concurrency: 10, name: `herd-${i}` });
    await Promise.all(workers.map((w) => w.start()));
    await waitFor(async () => (await testDb.db.run.count({ where: { status: 'succeeded' } })) >= TASKS, 120_000, `${TASKS} succeeded runs`);
    // A moment more: nothing else must appear (no second run of a fire time).
    await new Promise((resolve) => setTimeout(resolve, 500));

    const runs = await testDb.db.run.findMany({ select: { taskId: true, scheduledFor: true, status: true, trigger: true } });
    expect(runs).toHaveLength(TASKS);
    expect(new Set(runs.map((r) => r.taskId)).size).toBe(TASKS);
    expect(runs.every((r) => r.status === 'succeeded' && r.trigger === 'schedule' && r.scheduledFor?.getTime() === midnight.getTime())).toBe(true);
    expect(await testDb.db.event.count({ where: { type: 'run.started' } })).toBe(TASKS);
    const tasks = await testDb.db.task.findMany({ select: { nextRunAt: true } });
    expect(tasks.every((t) => t.nextRunAt?.getTime() === nextMidnight.getTime())).toBe(true);
  }, 180_000);
});
