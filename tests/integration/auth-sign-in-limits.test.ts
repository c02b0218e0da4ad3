// Sign-in limits and `next` through the real sign-in route: a burst of parallel
// wrong passwords gets no more password checks than the limit (the attempt is
// reserved before the password is checked), X-Forwarded-For from a client
// without TRUST_PROXY changes nothing, and a hostile `next` never leads off-site
// or to a 500.
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as login } from '../../app/api/auth/login/route';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { LOGIN_LIMITS } from '../../server/auth/login-limits';
import { PEER_HEADER, peerStamp } from '../../server/auth/peer-address';
import { resetConfigForTests } from '../../server/config';
import { getDb } from '../../server/db';
import { createUser } from '../../server/users/create-user';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const PASSWORD = 'correct horse battery';
const ORIGIN = 'http://cronboard.test';
const same = { host: 'cronboard.test', origin: ORIGIN, 'sec-fetch-site': 'same-origin' };

const json = (body: unknown, headers: Record<string, string>) =>
  new Request(`${ORIGIN}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...same, ...headers }, body: JSON.stringify(body) });
const form = (fields: Record<string, string>, headers: Record<string, string>) =>
  new Request(`${ORIGIN}/api/auth/login`, { method: 'POST', headers: { ...same, ...headers }, body: new URLSearchParams(fields) });
const from = (address: string) => ({ [PEER_HEADER]: peerStamp(address) });

describe(`sign-in limits and redirects on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });

  beforeAll(async () => {
    delete process.env.TRUST_PROXY; // the fixture restores the environment after the file
    resetConfigForTests();
    for (const email of ['burst@example.test', 'ada@example.test', 'xff@example.test']) {
      await createUser({ db: t.db, email, password: PASSWORD, role: 'viewer', actor: SYSTEM_ACTOR });
    }
  });

  it('100 parallel wrong passwords for one account: at most 5 are checked, the rest 429; then the right password is refused too', { timeout: 180_000 }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login(json({ email: 'burst@example.test', password: `wrong password ${i}` }, from(`198.51.100.${i + 1}`)))),
    );
    const statuses = answers.map((a) => a.status);
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeLessThanOrEqual(LOGIN_LIMITS.perAccount);
    expect(checked).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 429).length).toBe(100 - checked);
    const refused = answers.find((a) => a.status === 429)!;
    expect(await refused.json()).toEqual({ error: 'Too many attempts; try again in 15 minutes.' });
    expect(await (await getDb()).loginAttempt.count({ where: { email: 'burst@example.test' } })).toBe(checked);

    const right = await login(json({ email: 'burst@example.test', password: PASSWORD }, from('192.0.2.200')));
    expect(right.status).toBe(429);
    expect(right.headers.get('set-cookie')).toBeNull();
  });

  it('X-Forwarded-For from the client is ignored without TRUST_PROXY: a new header per try does not reset the address limit', { timeout: 180_000 }, async () => {
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) {
      const r = await login(json({ email: `guess${i}@example.test`, password: 'nope nope nope' }, { ...from('192.0.2.77'), 'x-forwarded-for': `203.0.113.${i + 1}` }));
      expect(r.status).toBe(401);
    }
    const blocked = await login(json({ email: 'xff@example.test', password: PASSWORD }, { ...from('192.0.2.77'), 'x-forwarded-for': '203.0.113.250' }));
    expect(blocked.status).toBe(429);
    // Another socket address is another client.
    expect((await login(json({ email: 'xff@example.test', password: PASSWORD }, from('192.0.2.78')))).status).toBe(200);
  });

  it('a signed-in form goes on to `next` only when it is a path on this site; odd values are ignored, never a 500', { timeout: 180_000 }, async () => {
    const hostile = ['/\t/evil.example/phish', '//evil.example', '/\\evil.example', '/.//evil.example', 'https://evil.example/', '/tâches', '/\r\nSet-Cookie: x=1', '/\u2028x'];
    for (const [i, next] of hostile.entries()) {
      const ok = await login(form({ email: 'ada@example.test', password: PASSWORD, next }, from(`192.0.2.${100 + i}`)));
      expect([ok.status, ok.headers.get('location')], JSON.stringify(next)).toEqual([303, '/']);
      expect(new URL(ok.headers.get('location')!, ORIGIN).origin).toBe(ORIGIN);
    }
    // The refused form goes back to /login without the hostile `next`.
    for (const next of ['/tâches', '/\r\n/evil.example']) {
      const wrong = await login(form({ email: 'nobody@example.test', password: 'nope nope nope', next }, from('192.0.2.150')));
      expect([wrong.status, wrong.headers.get('location')]).toEqual([303, '/login?error=invalid&email=nobody%40example.test']);
    }
    const fine = await login(form({ email: 'ada@example.test', password: PASSWORD, next: '/runs?status=failed' }, from('192.0.2.151')));
    expect(fine.headers.get('location')).toBe('/runs?status=failed');
  });
});
