import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, testConfig } from './helpers/worker-harness';

const provider = testProvider();

describe(`a busy worker stays responsive on ${provider}`, () => {
  const testDb = useTestDatabase();

  it('timers keep firing while it drains a backlog (timeouts, kill grace and signals depend on them)', async () => {
    await makeTask(testDb.db, { key: 'noop', kind: 'handler', handler: 'noop', overlap: 'allow', maxInstances: 1000 });
    await queueRuns({ db: testDb.db, task: { key: 'noop' }, trigger: 'manual', actor: SYSTEM_ACTOR, times: 1000 });
    const worker = inProcessWorker(testDb.db, testConfig(testDb.url), { concurrency: 10 });
    const gaps: number[] = [];
    let last = Date.now();
    const ticker = setInterval(() => {
      const now = Date.now();
      gaps.push(now - last);
      last = now;
    }, 50);
    const started = Date.now();
    let drainMs = 0;
    try {
      await worker.start();
      await waitFor(async () => (await testDb.db.run.count({ where: { status: 'succeeded' } })) === 1000, 120_000, 'the backlog to drain');
      drainMs = Date.now() - started;
    } finally {
      clearInterval(ticker);
      await worker.stop('test over', 2000);
    }
    // A 50 ms timer must not be held back by seconds while the worker is busy.
    // The timer fired during the drain (the batched worker drains 1,000 no-op runs in well under
    // a second when the machine is idle, so only a few ticks are certain), and never waited seconds.
    expect(drainMs).toBeGreaterThan(0);
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...gaps)).toBeLessThan(1500);
  }, 180_000);
});
