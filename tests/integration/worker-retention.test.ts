/**
 * Retention runs beside the worker's loop, never inside a pass (issue 14 /
 * issue 16 item 1). At 500k old runs the hourly prune used to hold the loop:
 * no claims and no lease renewals for ~15 minutes. Here: 5,000 old runs
 * pruned in batches of 50 by the worker's own retention, while it holds a
 * long run; a run requested during the prune starts promptly, and the long
 * run's lease keeps being renewed, both while old runs are still left.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import type { CronboardWorker } from '../../worker/worker';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, testConfig } from './helpers/worker-harness';

const provider = testProvider();
const DAY = 86_400_000;
const TASKS = 10;
const OLD_PER_TASK = 500;
const KEEP = 20; // pruneHistory's newest runs per task that always stay

describe(`retention beside the loop on ${provider}`, () => {
  const testDb = useTestDatabase();
  let worker: CronboardWorker | null = null;

  afterEach(async () => {
    await worker?.stop('test over', 1000);
    worker = null;
    await testDb.reset(['runLog', 'event', 'run', 'task']);
  });

  it('claims a run requested during a prune of 5,000 old runs at once, and keeps renewing the lease of a run in hand', async () => {
    const { db } = testDb;
    const createdAt = new Date(Date.now() - 60 * DAY);
    const oldTaskIds: number[] = [];
    for (let t = 0; t < TASKS; t++) {
      const task = await makeTask(db, { key: `old-${t}` });
      oldTaskIds.push(task.id);
      await db.run.createMany({
        data: Array.from({ length: OLD_PER_TASK }, (_, i) => {
          const at = new Date(createdAt.getTime() + i * 60_000);
          return { taskId: task.id, trigger: 'schedule', status: 'succeeded', createdAt: at, scheduledFor: at, finishedAt: at };
        }),
      });
    }
    const oldLeft = () => db.run.count({ where: { taskId: { in: oldTaskIds } } });
    expect(await oldLeft()).toBe(TASKS * OLD_PER_TASK);

    await makeTask(db, { key: 'long', kind: 'handler', handler: 'sleep', command: undefined, payload: { ms: 60_000 } });
    await makeTask(db, { key: 'probe', kind: 'handler', handler: 'noop', command: undefined });
    const [longId] = await queueRuns({ db, task: { key: 'long' }, trigger: 'manual', actor: SYSTEM_ACTOR });

    worker = inProcessWorker(db, testConfig(testDb.url, { historyRetentionDays: 30 }), {
      concurrency: 2,
      // Batches of 10 whatever the machine's load (the test is about the loop, not the batch size):
      // the prune outlasts a lease renewal, which comes with the heartbeat (every lease / 3, 1.7 s here).
      retention: { checkMs: 300, batchSize: 10, maxBatchMs: 60_000 },
      ...(provider === 'postgresql' ? { listenUrl: testDb.url } : {}),
    });
    await worker.start();
    await waitFor(async () => (await db.run.findUnique({ where: { id: longId! } }))?.startedAt ?? null, 10_000, 'the long run to start');

    // The prune has begun (the first check is 300 ms after start).
    await waitFor(async () => ((await oldLeft()) < TASKS * OLD_PER_TASK ? true : null), 10_000, 'the prune to begin');
    const leaseBefore = (await db.run.findUniqueOrThrow({ where: { id: longId! } })).leaseExpiresAt!;

    // Run now during the prune: it starts promptly, and old runs are still left when it has.
    const requested = Date.now();
    const [probeId] = await queueRuns({ db, task: { key: 'probe' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const probe = await waitFor(async () => (await db.run.findUnique({ where: { id: probeId! } }))?.startedAt ?? null, 10_000, 'the probe run to start');
    const leftAtProbe = await oldLeft();
    expect(probe.getTime() - requested).toBeLessThan(1_500);
    expect(leftAtProbe).toBeGreaterThan(TASKS * KEEP);

    // The lease of the run in hand is renewed during the prune (with the heartbeat, every lease / 3).
    const renewed = await waitFor(
      async () => {
        const lease = (await db.run.findUniqueOrThrow({ where: { id: longId! } })).leaseExpiresAt!;
        return lease.getTime() > leaseBefore.getTime() ? { lease, left: await oldLeft() } : null;
      },
      10_000,
      'the lease to be renewed',
    );
    expect(renewed.left).toBeGreaterThan(TASKS * KEEP);

    // And the prune finishes: the newest 20 of each task stay.
    await waitFor(async () => ((await oldLeft()) === TASKS * KEEP ? true : null), 90_000, 'the prune to finish');
    expect((await db.run.findUniqueOrThrow({ where: { id: longId! } })).status).toBe('running');
  }, 120_000);
});
