import { describe, expect, it, vi } from 'vitest';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, testConfig } from './helpers/worker-harness';

const provider = testProvider();
const GRACE_MS = 987_654; // a delay no other timer uses, to find the grace timer

describe(`stopping a worker on ${provider}`, () => {
  const t = useTestDatabase();

  it('leaves no grace timer behind when its runs end before the grace period', async () => {
    const worker = inProcessWorker(t.db, testConfig(t.url));
    await worker.start();
    const graceTimers: NodeJS.Timeout[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      const timer = realSetTimeout(fn, ms);
      if (ms === GRACE_MS) graceTimers.push(timer);
      return timer;
    }));
    const started = Date.now();
    try {
      await worker.stop('test over', GRACE_MS); // nothing in hand: returns at once
    } finally {
      spy.mockRestore();
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(worker.state).toBe('stopped');
    expect(graceTimers).toHaveLength(1);
    // A cleared timer is destroyed; a pending one would hold the process open for GRACE_MS.
    expect(graceTimers.map((t) => (t as unknown as { _destroyed: boolean })._destroyed)).toEqual([true]);
  });
});
