import { describe, expect, it } from 'vitest';
import { backoffMs, retryPlanFor, type RetryPolicy } from '../../../server/queue/retry-policy';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const policy = (p: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxRetries: 2,
  retryBackoff: 'exponential',
  retryDelaySeconds: 10,
  retryMaxDelaySeconds: 3600,
  retryJitter: 0,
  ...p,
});

describe('retryPlanFor', () => {
  it.each([
    ['failed', 1, { attempt: 2, delayMs: 10_000 }],
    ['timed_out', 1, { attempt: 2, delayMs: 10_000 }],
    ['failed', 2, { attempt: 3, delayMs: 20_000 }],
    ['failed', 3, null],
    ['succeeded', 1, null],
    ['cancelled', 1, null],
  ] as const)('%s attempt %i with 2 retries → %o', (outcome, attempt, expected) => {
    const plan = retryPlanFor({ outcome, attempt }, policy(), NOW, () => 0);
    if (expected === null) expect(plan).toBeNull();
    else expect(plan).toEqual({ ...expected, availableAt: new Date(NOW.getTime() + expected.delayMs) });
  });

  it('never retries a task without retries', () => {
    expect(retryPlanFor({ outcome: 'failed', attempt: 1 }, policy({ maxRetries: 0 }), NOW)).toBeNull();
  });

  it('adds up to `jitter` of the delay at random', () => {
    expect(retryPlanFor({ outcome: 'failed', attempt: 1 }, policy({ retryJitter: 0.5 }), NOW, () => 1)?.delayMs).toBe(15_000);
    expect(retryPlanFor({ outcome: 'failed', attempt: 1 }, policy({ retryJitter: 0.5 }), NOW, () => 0.5)?.delayMs).toBe(12_500);
  });
});

describe('backoffMs', () => {
  it('fixed keeps the base delay; exponential doubles it per retry, capped at the maximum', () => {
    expect([1, 2, 3].map((n) => backoffMs(policy({ retryBackoff: 'fixed' }), n, () => 0))).toEqual([10_000, 10_000, 10_000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(policy({ retryMaxDelaySeconds: 50 }), n, () => 0))).toEqual([
      10_000, 20_000, 40_000, 50_000,
    ]);
  });
  it('treats negative settings as zero and clamps jitter to 0..1', () => {
    expect(backoffMs(policy({ retryDelaySeconds: -5 }), 1, () => 1)).toBe(0);
    expect(backoffMs(policy({ retryJitter: 7 }), 1, () => 1)).toBe(20_000);
  });
});
