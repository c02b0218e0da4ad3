import type { Db } from '../db/client';
import { dialect, execute, ts } from './sql';

/** Aging never lifts a run above this (high), so urgent work still goes first. */
export const AGING_CEILING = 2;

export interface AgeQueuedRunsOptions {
  db: Db;
  /** A queued run gains one priority level per this many seconds of waiting. */
  stepSeconds: number;
  now?: Date;
}

/**
 * Priority aging: effective priority = base + one level per `stepSeconds`
 * waited since availableAt, capped at AGING_CEILING (or the base, if higher).
 * Stored in Run.priority so the claim orders by an indexed column instead of
 * computing an expression over the whole queue on every claim. Idempotent:
 * each statement only raises runs that have waited long enough for level k.
 */
export async function ageQueuedRuns(options: AgeQueuedRunsOptions): Promise<number> {
  const provider = dialect(options.db);
  const now = (options.now ?? new Date()).getTime();
  let raised = 0;
  for (let k = 1; k <= AGING_CEILING; k++) {
    raised += await execute(
      options.db,
      `UPDATE "Run" SET priority = "basePriority" + $1
       WHERE status = 'queued' AND "basePriority" + $1 <= $2 AND priority < "basePriority" + $1 AND "availableAt" <= $3`,
      k,
      AGING_CEILING,
      ts(provider, new Date(now - k * options.stepSeconds * 1000)),
    );
  }
  return raised;
}
