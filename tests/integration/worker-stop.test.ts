import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db';
import { queueRuns } from '../../server/queue/queue-runs';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { waitFor } from './helpers/processes';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/test-db';
import { inProcessWorker, makeTask, testConfig } from './helpers/worker-harness';

const provider = testProvider();
const GRACE_MS = 61_234; // a delay nothing else in the worker uses

describe(`stopping a worker on ${provider}`, () => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrateDatabase({ url: testDb.url });
    handle = await openDatabase(testDb.url);
  });
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  it('leaves no shutdown-grace timer behind when its runs end before the grace does', async () => {
    await makeTask(handle.db, { key: 'quick', kind: 'handler', handler: 'sleep', command: undefined, payload: { ms: 300 } });
    const worker = inProcessWorker(handle.db, testConfig(testDb.url));
    await worker.start();
    const [runId] = await queueRuns({ db: handle.db, task: { key: 'quick' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    await waitFor(
      async () => (await handle.db.run.findUnique({ where: { id: runId! } }))?.status === 'running',
      10_000,
      'the run to start',
    );
    const setSpy = vi.spyOn(globalThis, 'setTimeout');
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout');
    const started = Date.now();
    await worker.stop('test over', GRACE_MS);
    expect(Date.now() - started).toBeLessThan(10_000); // the drain ended with the run, long before the grace
    expect((await handle.db.run.findUniqueOrThrow({ where: { id: runId! } })).status).toBe('succeeded');
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
