import type { Provider } from '../db';

/**
 * A prune's batch size that adapts to how long batches take: it starts at
 * min(50, max), a batch slower than `maxBatchMs` halves the next one (never
 * below min(10, max)), one faster than half of it doubles it (never above max).
 */
export class AdaptiveBatch {
  size: number;
  private readonly min: number;

  constructor(
    private readonly max: number,
    private readonly maxBatchMs: number,
  ) {
    this.size = Math.min(50, max);
    this.min = Math.min(10, max);
  }

  /**
   * Runs `step(take)` (one batch: returns how many rows it found) until a batch
   * finds fewer than it asked for, or `signal` stops it; `between` is awaited
   * after each batch with how long it took.
   */
  async loop(step: (take: number) => Promise<number>, options: { signal?: AbortSignal; between?: (lastBatchMs: number) => Promise<void> }): Promise<void> {
    while (options.signal?.aborted !== true) {
      const started = performance.now();
      const take = this.size;
      const found = await step(take);
      if (found === 0) break;
      const tookMs = performance.now() - started;
      this.took(tookMs);
      await options.between?.(tookMs);
      if (found < take) break;
    }
  }

  /** Records how long the last batch took. */
  took(ms: number): void {
    if (ms > this.maxBatchMs) this.size = Math.max(this.min, Math.floor(this.size / 2));
    else if (ms < this.maxBatchMs / 2) this.size = Math.min(this.max, this.size * 2);
  }
}

/**
 * The pause between two prune batches: as long as the batch took (at least
 * 1 ms). On SQLite a waiting claim (a worker retries a busy write lock every
 * 1–50 ms) takes the lock in it before the next batch does; without it a prune
 * in another process re-takes the lock at once, batch after batch.
 */
export function pauseAsLongAs(lastBatchMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(lastBatchMs))));
}

/** A prune's `between`: the caller's, else pauseAsLongAs on SQLite (PostgreSQL's row locks let claims through). */
export const betweenBatches = (provider: Provider, between?: (lastBatchMs: number) => Promise<void>) =>
  between ?? (provider === 'sqlite' ? pauseAsLongAs : undefined);
