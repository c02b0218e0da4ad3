// When a failed delivery is tried again: exponential-ish backoff with jitter
// over 24 h, about 10 attempts. With the default base (WEBHOOK_RETRY_BASE_MS,
// 5 s) the retries come after ~5 s, 30 s, 5 min, 30 min, 1.5 h, 3 h, 6 h, 6 h
// and 6 h (≈ 23 h in all); then the delivery is given up.

/** Each retry's delay as a multiple of the base (retry 1 = base). */
export const RETRY_MULTIPLES = [1, 6, 60, 360, 1080, 2160, 4320, 4320, 4320] as const;
/** First attempt plus the retries. */
export const MAX_ATTEMPTS = RETRY_MULTIPLES.length + 1;
/** A delivery older than this is not retried again. */
export const RETRY_WINDOW_MS = 24 * 3600_000;
/** ±20 % so that many failed deliveries do not come back all at once. */
const JITTER = 0.2;

/**
 * The delay before the next attempt, after `attempts` attempts have failed, or
 * null when the delivery is given up. `retryAfterMs` (a Retry-After answer) is
 * honoured when it asks for longer than the schedule, up to the 24 h window.
 */
export function nextRetryDelayMs(options: {
  attempts: number;
  baseMs: number;
  ageMs: number;
  retryAfterMs?: number | null;
  random?: () => number;
}): number | null {
  const multiple = RETRY_MULTIPLES[options.attempts - 1];
  if (multiple === undefined) return null;
  const random = options.random ?? Math.random;
  const scheduled = Math.round(options.baseMs * multiple * (1 + JITTER * (2 * random() - 1)));
  const delay = Math.max(scheduled, options.retryAfterMs ?? 0);
  return options.ageMs + delay > RETRY_WINDOW_MS ? null : delay;
}

/** A Retry-After header (seconds, or an HTTP date) as milliseconds from now, or null. */
export function parseRetryAfter(header: string | undefined, now: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Is this answer (or failure to get one) worth trying again? Network errors, timeouts, 5xx and 429 are; other 4xx (and 3xx: redirects are not followed) are not. */
export function isRetryable(statusCode: number | null): boolean {
  return statusCode === null || statusCode >= 500 || statusCode === 429;
}
