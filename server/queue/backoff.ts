export interface BackoffPolicy {
  kind: string; // fixed | exponential
  baseSeconds: number;
  maxSeconds: number;
  /** Fraction of the delay added at random (0..1), so retries of many runs do not stampede. */
  jitter: number;
}

/** Delay before retry number `retry` (1 for the first retry). */
export function backoffMs(policy: BackoffPolicy, retry: number, random: () => number = Math.random): number {
  const base = Math.max(0, policy.baseSeconds) * 1000;
  const raw = policy.kind === 'fixed' ? base : base * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(raw, Math.max(0, policy.maxSeconds) * 1000);
  const jitter = Math.min(Math.max(policy.jitter, 0), 1);
  return Math.round(capped * (1 + jitter * random()));
}
