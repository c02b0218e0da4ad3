/**
 * A process-local "the database may have changed" signal, so a loop beside a
 * worker's main loop (the webhook sender, the alert evaluator, the event
 * triggers) need not ask the database several times a second while nothing
 * happens. The worker notifies it when another connection committed (SQLite:
 * `PRAGMA data_version`, worker/sqlite-wake.ts), on a NOTIFY that a run was
 * queued (PostgreSQL, worker/listen.ts) and after its own writes (runs
 * claimed, finished, scheduled).
 *
 * A loop keeps its usual pace while things happen: `idle()` always waits the
 * loop's own interval first, so a busy worker's side tasks pass no more often
 * than before; only when nothing was notified meanwhile does it go on waiting,
 * for a notification or at most `maxMs` (changes nobody notifies, such as an
 * event written by another process on PostgreSQL, are found by then).
 */
import { abortableSleep } from './abortable-sleep';

export class ChangeSignal {
  private count = 0;
  private readonly waiters = new Set<() => void>();

  /** The notifications so far: take it before a pass, hand it to idle() after. */
  get generation(): number {
    return this.count;
  }

  notify(): void {
    this.count += 1;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /**
   * After a pass that found nothing: waits `minMs`, then, when nothing was
   * notified since `since` (a generation), until the next notification or
   * `maxMs` in all, whichever comes first. An abort ends it at once.
   */
  async idle(since: number, minMs: number, maxMs: number, signal?: AbortSignal): Promise<void> {
    await abortableSleep(minMs, signal);
    if (signal?.aborted || this.count !== since || maxMs <= minMs) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, maxMs - minMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

/**
 * How long an idle side task of a worker waits at most between passes when
 * nothing is notified: 5 × POLL_INTERVAL_MS, at most 5 s (1 s polls: 5 s).
 */
export function sideTaskIdleMs(pollIntervalMs: number): number {
  return Math.min(5_000, 5 * pollIntervalMs);
}
