/**
 * Issue 14 item 2: Run now reaches an idle worker without waiting for its
 * poll. SQLite: another connection's commit changes PRAGMA data_version,
 * which the worker watches; PostgreSQL: LISTEN/NOTIFY. The poll interval here
 * is a minute, so a run that starts at all within the test's wait was woken.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { openDatabase, type DatabaseHandle } from '../../server/db';
import { queueRuns } from '../../server/queue/queue-runs';
import type { CronboardWorker } from '../../worker/worker';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, testConfig } from './helpers/worker-harness';

const provider = testProvider();

describe(`an idle worker wakes for Run now on ${provider}`, () => {
  const testDb = useTestDatabase();
  let worker: CronboardWorker | null = null;
  let web: DatabaseHandle | null = null;

  afterEach(async () => {
    await worker?.stop('test over', 2000);
    worker = null;
    await web?.close();
    web = null;
    await testDb.reset(['event', 'run', 'task']);
  });

  it('starts runs queued by another connection long before its next poll (a minute away)', async () => {
    await makeTask(testDb.db, { key: 'wake', kind: 'handler', handler: 'noop', command: undefined, overlap: 'allow', maxInstances: 10 });
    worker = inProcessWorker(testDb.db, testConfig(testDb.url, { pollIntervalMs: 60_000 }), {
      concurrency: 2,
      ...(provider === 'postgresql' ? { listenUrl: testDb.url } : {}),
    });
    await worker.start();
    // The web app's side: its own connection (the worker's queue SQL runs on a direct one of its own).
    web = await openDatabase(testDb.url);
    // Past its first passes: asleep until the poll, a minute away.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (let i = 0; i < 3; i++) {
      const [id] = await queueRuns({ db: web.db, task: { key: 'wake' }, trigger: 'manual', actor: SYSTEM_ACTOR });
      const run = await waitFor(
        async () => {
          const r = await testDb.db.run.findUnique({ where: { id: id! } });
          return r?.status === 'succeeded' ? r : null;
        },
        15_000,
        `run ${i + 1} to succeed before the poll`,
      );
      expect(run.startedAt).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 300)); // idle again between requests
    }
  }, 60_000);
});
