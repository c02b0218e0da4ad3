import type { Provider } from '../db/url';
import { sqlExecute, type Plan } from './plan';
import { runPlanAt, type QueueOperationOptions } from './run-plan-at';
import { ts } from './sql';

/** Aging never lifts a run above this (high), so urgent work still goes first. */
export const AGING_CEILING = 2;

export interface AgeQueuedRunsOptions extends QueueOperationOptions {
  /** A queued run gains one priority level per this many seconds of waiting. */
  stepSeconds: number;
}

/**
 * Priority aging: effective priority = base + one level per `stepSeconds`
 * waited since availableAt, capped at AGING_CEILING (or the base, if higher).
 * Stored in Run.priority so the claim orders by an indexed column instead of
 * computing an expression over the whole queue on every claim. Idempotent:
 * each statement only raises runs that have waited long enough for level k.
 * Returns how many runs were raised (a run raised two levels counts twice).
 */
export async function ageQueuedRuns(options: AgeQueuedRunsOptions): Promise<number> {
  return runPlanAt(options, (provider, now) => agePlan(provider, options.stepSeconds, now));
}

function* agePlan(provider: Provider, stepSeconds: number, now: Date): Plan<number> {
  let raised = 0;
  for (let k = 1; k <= AGING_CEILING; k++) {
    raised += yield* sqlExecute(
      `UPDATE "Run" SET priority = "basePriority" + $1
       WHERE status = 'queued' AND "basePriority" + $1 <= $2 AND priority < "basePriority" + $1 AND "availableAt" <= $3`,
      [k, AGING_CEILING, ts(provider, new Date(now.getTime() - k * stepSeconds * 1000))],
    );
  }
  return raised;
}
