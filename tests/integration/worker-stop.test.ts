import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/test-db';
import { inProcessWorker, testConfig } from './helpers/worker-harness';

const provider = testProvider();
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

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

  it('leaves no grace timer behind when its runs end before the grace period', async () => {
    const worker = inProcessWorker(handle.db, testConfig(testDb.url));
    await worker.start();
    const before = timers();
    const started = Date.now();
    await worker.stop('test over', 600_000); // nothing in hand: returns at once
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(worker.state).toBe('stopped');
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
