// The header's failing count (board.failingCount): tasks whose last finished
// run failed or timed out, as a real worker leaves them, on both databases.
// A task that fails and then succeeds stops counting; a cancelled run is not a failure.
import { afterEach, describe, expect, it } from 'vitest';
import { countFailingTasks } from '../../server/board/count-failing-tasks';
import { queueRuns } from '../../server/queue/queue-runs';
import type { CronboardWorker } from '../../worker/worker';
import { tester } from './helpers/actors';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, testConfig, waitForRunToFinish } from './helpers/worker-harness';

const provider = testProvider();

describe(`failing tasks count on ${provider}`, () => {
  const testDb = useTestDatabase();
  let worker: CronboardWorker | undefined;
  afterEach(async () => worker?.stop('test over', 1000));

  it('counts the tasks whose last run failed or timed out, and drops one once it succeeds', { timeout: 60_000 }, async () => {
    const { db } = testDb;
    worker = inProcessWorker(db, testConfig(testDb.url));
    void worker.start();
    const run = async (key: string) => {
      const [id] = await queueRuns({ db, task: { key }, trigger: 'manual', actor: tester });
      return waitForRunToFinish(db, id!);
    };
    await makeTask(db, { key: 'fine', command: 'true' });
    await makeTask(db, { key: 'broken', command: 'echo nope >&2; exit 3' });
    await makeTask(db, { key: 'slow', command: 'sleep 5', timeoutSeconds: 1 });
    await makeTask(db, { key: 'flaky', command: 'exit 1' });
    expect(await countFailingTasks({ db })).toEqual({ count: 0 });

    expect((await run('fine')).status).toBe('succeeded');
    expect((await run('broken')).status).toBe('failed');
    expect((await run('slow')).status).toBe('timed_out');
    expect((await run('flaky')).status).toBe('failed');
    expect(await countFailingTasks({ db })).toEqual({ count: 3 });

    // flaky is fixed: its next run succeeds, and it is no longer failing.
    await db.task.update({ where: { key: 'flaky' }, data: { command: 'true' } });
    expect((await run('flaky')).status).toBe('succeeded');
    expect(await countFailingTasks({ db })).toEqual({ count: 2 });
  });
});
