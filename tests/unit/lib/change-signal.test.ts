/**
 * The idle side tasks of a worker (webhook sender, alert evaluator, event
 * triggers) wait on its change signal: never less than their usual interval,
 * at once after it when a change was notified meanwhile, else until the next
 * notification or the idle bound (issue 14 item 2: the idle worker's CPU).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeSignal, sideTaskIdleMs } from '../../../server/lib/change-signal';

describe('ChangeSignal.idle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Resolves the wait's elapsed (fake) milliseconds. */
  async function elapsed(wait: Promise<void>, step: (clock: { ms: number }) => void = () => {}): Promise<number> {
    const start = Date.now();
    let done = false;
    void wait.then(() => (done = true));
    const clock = { ms: 0 };
    while (!done && clock.ms < 60_000) {
      await vi.advanceTimersByTimeAsync(10);
      clock.ms += 10;
      step(clock);
    }
    return Date.now() - start;
  }

  it('waits the usual interval and no more when a change came during the pass or the interval', async () => {
    const changes = new ChangeSignal();
    const since = changes.generation;
    changes.notify(); // a run finished while the pass ran
    expect(await elapsed(changes.idle(since, 500, 5_000))).toBe(500);
  });

  it('without a change, waits until the idle bound', async () => {
    const changes = new ChangeSignal();
    expect(await elapsed(changes.idle(changes.generation, 500, 5_000))).toBe(5_000);
  });

  it('a change after the usual interval ends the wait at once', async () => {
    const changes = new ChangeSignal();
    const took = await elapsed(changes.idle(changes.generation, 500, 5_000), (clock) => {
      if (clock.ms === 1_200) changes.notify();
    });
    // Within the clock's 10 ms step after the notification, long before the 5 s bound.
    expect(took).toBeGreaterThanOrEqual(1_200);
    expect(took).toBeLessThanOrEqual(1_210);
  });

  it('an abort (the side task stops) ends it at once, in either part of the wait', async () => {
    const changes = new ChangeSignal();
    for (const at of [200, 2_000]) {
      const abort = new AbortController();
      const took = await elapsed(changes.idle(changes.generation, 500, 5_000, abort.signal), (clock) => {
        if (clock.ms === at) abort.abort();
      });
      expect(took).toBeGreaterThanOrEqual(at);
      expect(took).toBeLessThanOrEqual(at + 10);
    }
  });

  it('the idle bound is 5 × POLL_INTERVAL_MS, at most 5 s', () => {
    expect(sideTaskIdleMs(1_000)).toBe(5_000);
    expect(sideTaskIdleMs(100)).toBe(500);
    expect(sideTaskIdleMs(60_000)).toBe(5_000);
  });
});
