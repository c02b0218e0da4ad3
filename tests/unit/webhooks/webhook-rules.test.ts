import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { plainSecret, newEndpointSecret, storedSecret } from '../../../server/webhooks/endpoint-secret';
import { patternProblem, typeMatchesAny } from '../../../server/webhooks/patterns';
import { isRetryable, MAX_ATTEMPTS, nextRetryDelayMs, parseRetryAfter, RETRY_MULTIPLES } from '../../../server/webhooks/retry-schedule';
import { isPrivateAddress, targetUrlProblem } from '../../../server/webhooks/safe-target';

describe('webhook event patterns', () => {
  it('matches exact types, families and everything', () => {
    expect(typeMatchesAny('run.failed', ['run.failed'])).toBe(true);
    expect(typeMatchesAny('run.failed', ['run.*'])).toBe(true);
    expect(typeMatchesAny('run.failed', ['run'])).toBe(true);
    expect(typeMatchesAny('run.failed', ['task.*'])).toBe(false);
    expect(typeMatchesAny('email.batch_processed', ['email.*'])).toBe(true);
    expect(typeMatchesAny('runner.x', ['run.*'])).toBe(false);
    expect(typeMatchesAny('task.moved', ['*'])).toBe(true);
  });

  it('accepts catalogue patterns and dotted custom types, refuses unknown built-in types and nonsense', () => {
    for (const p of ['run.failed', 'run.*', 'task', '*', 'email.batch_processed', 'email.*']) expect(patternProblem(p), p).toBeNull();
    expect(patternProblem('run.exploded')).toMatch(/'run.exploded' is not a run event type/);
    expect(patternProblem('Hello World')).toMatch(/is not an event pattern/);
    expect(patternProblem('email')).toMatch(/is not an event pattern/);
  });
});

describe('webhook targets', () => {
  it.each(['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1'])(
    '%s is private',
    (address) => expect(isPrivateAddress(address)).toBe(true),
  );
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => expect(isPrivateAddress(address)).toBe(false));

  it('names what is wrong with a URL, and allows private literals only when told to', () => {
    expect(targetUrlProblem('https://hooks.example.com/in', false)).toBeNull();
    expect(targetUrlProblem('not a url', false)).toMatch(/is not a URL/);
    expect(targetUrlProblem('file:///etc/passwd', false)).toMatch(/only http and https URLs are allowed, not file/);
    expect(targetUrlProblem('https://user:pw@example.com/', false)).toMatch(/user name or password/);
    expect(targetUrlProblem('http://192.168.0.10/x', false)).toMatch(/192\.168\.0\.10 is a private.*WEBHOOK_ALLOW_PRIVATE=true/);
    expect(targetUrlProblem('http://[fe80::1]/x', false)).toMatch(/fe80::1 is a private/);
    expect(targetUrlProblem('http://192.168.0.10/x', true)).toBeNull();
  });
});

describe('the retry schedule', () => {
  const mid = () => 0.5; // no jitter
  it('starts at the base (~5 s), then ~30 s, growing to hours, about 10 attempts within 24 h', () => {
    const delays = RETRY_MULTIPLES.map((_, i) => nextRetryDelayMs({ attempts: i + 1, baseMs: 5000, ageMs: 0, random: mid })!);
    expect(delays.slice(0, 3)).toEqual([5000, 30_000, 300_000]);
    expect(delays.at(-1)).toBe(6 * 3600_000);
    expect(delays.reduce((a, b) => a + b, 0)).toBeLessThan(24 * 3600_000);
    expect(MAX_ATTEMPTS).toBe(10);
    expect(nextRetryDelayMs({ attempts: MAX_ATTEMPTS, baseMs: 5000, ageMs: 0, random: mid })).toBeNull();
  });

  it('jitters by at most 20 %, honours a longer Retry-After, and gives up past 24 h', () => {
    expect(nextRetryDelayMs({ attempts: 2, baseMs: 5000, ageMs: 0, random: () => 0 })).toBe(24_000);
    expect(nextRetryDelayMs({ attempts: 2, baseMs: 5000, ageMs: 0, random: () => 1 })).toBe(36_000);
    expect(nextRetryDelayMs({ attempts: 1, baseMs: 5000, ageMs: 0, retryAfterMs: 120_000, random: mid })).toBe(120_000);
    expect(nextRetryDelayMs({ attempts: 5, baseMs: 5000, ageMs: 23.9 * 3600_000, random: mid })).toBeNull();
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });

  it('retries network errors, 5xx and 429, not other answers', () => {
    expect([null, 500, 503, 429].map(isRetryable)).toEqual([true, true, true, true]);
    expect([400, 401, 404, 410, 301].map(isRetryable)).toEqual([false, false, false, false, false]);
  });
});

describe('endpoint secrets', () => {
  it('are stored encrypted when CRONBOARD_SECRET_KEY is set and read back', () => {
    const key = randomBytes(32);
    const secret = newEndpointSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const stored = storedSecret(secret, key);
    expect(stored).toMatch(/^enc:v1:/);
    expect(stored).not.toContain(secret.slice(6));
    expect(plainSecret(stored, key, 'e1')).toBe(secret);
    expect(() => plainSecret(stored, null, 'e1')).toThrow(/webhook endpoint e1 is encrypted and CRONBOARD_SECRET_KEY is not set/);
  });
});
