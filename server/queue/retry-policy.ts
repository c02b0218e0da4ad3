import type { RunOutcome } from './board-effects';

// The retry policy of PRODUCT.md as pure decisions, beside board-effects.ts:
// finish-runs.ts applies them to each finished run of a batch.

export interface RetryPolicy {
  /** Retries after the first attempt (0: none). */
  maxRetries: number;
  /** fixed | exponential */
  retryBackoff: string;
  retryDelaySeconds: number;
  retryMaxDelaySeconds: number;
  /** Fraction of the delay added at random (0..1), so retries of many runs do not stampede. */
  retryJitter: number;
}

export interface RetryPlan {
  /** The retry's attempt number (the finished run's + 1). */
  attempt: number;
  /** Not claimed before this instant. */
  availableAt: Date;
  delayMs: number;
}

/**
 * Whether a finished run is retried, and when: a failure or a timeout of
 * attempt n is retried while n ≤ maxRetries, after the backoff delay of retry
 * n. Success and cancellation are never retried.
 */
export function retryPlanFor(
  run: { outcome: RunOutcome; attempt: number },
  policy: RetryPolicy,
  now: Date,
  random: () => number = Math.random,
): RetryPlan | null {
  const retryable = run.outcome === 'failed' || run.outcome === 'timed_out';
  if (!retryable || run.attempt > policy.maxRetries) return null;
  const delayMs = backoffMs(policy, run.attempt, random);
  return { attempt: run.attempt + 1, availableAt: new Date(now.getTime() + delayMs), delayMs };
}

/** Delay before retry number `retry` (1 for the first retry). */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const base = Math.max(0, policy.retryDelaySeconds) * 1000;
  const raw = policy.retryBackoff === 'fixed' ? base : base * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(raw, Math.max(0, policy.retryMaxDelaySeconds) * 1000);
  const jitter = Math.min(Math.max(policy.retryJitter, 0), 1);
  return Math.round(capped * (1 + jitter * random()));
}
