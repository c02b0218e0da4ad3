import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

// Per-caller request budget of the REST API (API_RATE_LIMIT_PER_MINUTE). The
// count lives in this web process's memory: with several web processes each
// keeps its own, so the limit is per process (README says so).

const store = globalThis as unknown as { __cronboardApiLimiters?: Map<number, RateLimiterMemory> };

function limiterFor(perMinute: number): RateLimiterMemory {
  const limiters = (store.__cronboardApiLimiters ??= new Map<number, RateLimiterMemory>());
  let limiter = limiters.get(perMinute);
  if (!limiter) {
    limiter = new RateLimiterMemory({ points: perMinute, duration: 60, keyPrefix: `api-${perMinute}` });
    limiters.set(perMinute, limiter);
  }
  return limiter;
}

/** Spends one request of `key`'s budget: null while within it, else the seconds until it refills. */
export async function spendApiRequest(key: string, perMinute: number): Promise<{ retryAfterSeconds: number } | null> {
  try {
    await limiterFor(perMinute).consume(key, 1);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    throw rejection;
  }
}
