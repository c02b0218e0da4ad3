// The web side of accounts through the real route handlers and the tRPC fetch
// adapter: login / logout / setup routes and their cookies, 401 / 403 for route
// handlers (authorizeRequest), and CSRF refusal of cross-site cookie writes.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { POST as login } from '../../app/api/auth/login/route';
import { POST as logout } from '../../app/api/auth/logout/route';
import { POST as setup } from '../../app/api/auth/setup/route';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { createApiToken } from '../../server/auth/api-tokens';
import { authorizeRequest } from '../../server/auth/authorize-request';
import { LOGIN_LIMITS } from '../../server/auth/login-limits';
import { PEER_HEADER, peerStamp } from '../../server/auth/peer-address';
import { getDb } from '../../server/db';
import { createContext } from '../../server/trpc/context';
import { appRouter } from '../../server/trpc/routers/_app';
import { createUser } from '../../server/users/create-user';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const PASSWORD = 'correct horse battery';
const ORIGIN = 'http://cronboard.test';

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: 'cronboard.test', origin: ORIGIN, 'sec-fetch-site': 'same-origin', ...headers },
    body: JSON.stringify(body),
  });
}

function cookieFrom(response: Response): string {
  const set = response.headers.get('set-cookie') ?? '';
  return set.split(';')[0]!;
}

/** A tRPC mutation over HTTP with the real createContext (cookie or Bearer resolved from the headers). */
async function trpcMutation(path: string, input: unknown, headers: Record<string, string>) {
  const req = new Request(`${ORIGIN}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', host: 'cronboard.test', ...headers }, body: JSON.stringify(superjson.serialize(input)) });
  const res = await fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => createContext({ headers: req.headers }) });
  const body = (await res.json()) as { error?: { json: { message: string; data: { code: string } } } };
  return { status: res.status, code: body.error?.json.data.code ?? null, message: body.error?.json.message ?? null };
}

describe(`auth routes and CSRF on ${testProvider()}`, () => {
  useTestDatabase({ app: true });

  it('setup creates the first admin and signs them in, once; it refuses cross-site and bad input', async () => {
    expect((await setup(post('/api/auth/setup', { email: 'root@example.test', password: PASSWORD }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    const bad = await setup(post('/api/auth/setup', { email: 'not-an-email', password: 'short' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors).toMatchObject({ email: [expect.stringMatching(/email/)], password: ['must be at least 10 characters'] });

    const first = await setup(post('/api/auth/setup', { email: 'Root@Example.test', password: PASSWORD }));
    expect(first.status).toBe(201);
    expect(first.headers.get('set-cookie')).toMatch(/^cronboard_session=cbs_[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Expires=/);
    const again = await setup(post('/api/auth/setup', { email: 'second@example.test', password: PASSWORD }));
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: 'Setup is already done; sign in instead.', fieldErrors: {} });
  });

  it('login sets an httpOnly SameSite=Lax cookie (Secure behind https); wrong credentials get one message; logout ends the session', async () => {
    const db = await getDb();
    await createUser({ db, email: 'op@example.test', password: PASSWORD, role: 'operator', actor: SYSTEM_ACTOR });
    const wrong = await login(post('/api/auth/login', { email: 'op@example.test', password: 'not the password' }, { [PEER_HEADER]: peerStamp('198.51.100.1') }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'Wrong email or password.' });
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const plain = await login(post('/api/auth/login', { email: 'op@example.test', password: PASSWORD }));
    expect(plain.status).toBe(200);
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
    const secure = await login(post('/api/auth/login', { email: 'op@example.test', password: PASSWORD }, { 'x-forwarded-proto': 'https' }));
    expect(secure.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax; Expires=.*; Secure$/);

    const cookie = cookieFrom(plain);
    const allowed = await authorizeRequest(new Request(`${ORIGIN}/api/tasks`, { headers: { cookie } }), 'operator');
    expect(allowed).toMatchObject({ ok: true, actor: { type: 'user', name: 'op@example.test', role: 'operator' } });

    const out = await logout(post('/api/auth/logout', {}, { cookie }));
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^cronboard_session=; .*Max-Age=0/);
    const after = await authorizeRequest(new Request(`${ORIGIN}/api/tasks`, { headers: { cookie } }), 'viewer');
    expect(after.ok).toBe(false);
    if (!after.ok) expect(after.response.status).toBe(401);
  });

  it('the login page form: 303 back to /login with an error code and the typed email (never the password), or on to `next` with the cookie', async () => {
    const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      new Request(`${ORIGIN}/api/auth/login`, { method: 'POST', headers: { host: 'cronboard.test', origin: ORIGIN, ...headers }, body: new URLSearchParams(fields) });
    const wrong = await login(form({ email: 'op@example.test', password: 'nope nope nope', next: '/runs' }, { [PEER_HEADER]: peerStamp('198.51.100.2') }));
    expect([wrong.status, wrong.headers.get('location'), wrong.headers.get('set-cookie')]).toEqual([303, '/login?error=invalid&email=op%40example.test&next=%2Fruns', null]);
    const missing = await login(form({ email: '', password: '' }));
    expect(missing.headers.get('location')).toBe('/login?error=missing');
    const ok = await login(form({ email: 'op@example.test', password: PASSWORD, next: '/runs' }));
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/runs']);
    expect(ok.headers.get('set-cookie')).toMatch(/^cronboard_session=cbs_/);
    // `next` only ever leads to a path on this site.
    const offsite = await login(form({ email: 'op@example.test', password: PASSWORD, next: '//evil.example/x' }));
    expect(offsite.headers.get('location')).toBe('/');
    const crossSite = await login(form({ email: 'op@example.test', password: PASSWORD }, { origin: 'https://evil.example' }));
    expect(crossSite.status).toBe(403);
  });

  it('login answers 429 with the wait once an address has failed too often, across accounts', async () => {
    const from = { [PEER_HEADER]: peerStamp('203.0.113.9') };
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) await login(post('/api/auth/login', { email: `guess${i}@example.test`, password: 'nope nope nope' }, from));
    const blocked = await login(post('/api/auth/login', { email: 'op@example.test', password: PASSWORD }, from));
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toEqual({ error: 'Too many attempts; try again in 15 minutes.' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  it('authorizeRequest: 401 anonymous or with a bad token, 403 below the role, 403 for a cross-site cookie POST, Bearer exempt from CSRF', async () => {
    const db = await getDb();
    await createUser({ db, email: 'viewer@example.test', password: PASSWORD, role: 'viewer', actor: SYSTEM_ACTOR });
    const { token } = await createApiToken({ db, email: 'viewer@example.test', name: 'reader', actor: SYSTEM_ACTOR });
    const anonymous = await authorizeRequest(new Request(`${ORIGIN}/api/tasks`), 'viewer');
    expect(anonymous.ok || (await anonymous.response.json())).toEqual({ error: 'Sign in first (session cookie or Authorization: Bearer token).' });
    const badToken = await authorizeRequest(new Request(`${ORIGIN}/api/tasks`, { headers: { authorization: 'Bearer cbt_nope' } }), 'viewer');
    expect(badToken.ok || badToken.response.status).toBe(401);
    const reader = await authorizeRequest(new Request(`${ORIGIN}/api/tasks`, { headers: { authorization: `Bearer ${token}` } }), 'viewer');
    expect(reader).toMatchObject({ ok: true, actor: { type: 'token', tokenName: 'reader', role: 'viewer' } });
    const tooLow = await authorizeRequest(new Request(`${ORIGIN}/api/tasks`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' } }), 'operator');
    expect(tooLow.ok || [tooLow.response.status, await tooLow.response.json()]).toEqual([403, { error: 'This needs the operator role; you are viewer.' }]);

    const cookie = cookieFrom(await login(post('/api/auth/login', { email: 'viewer@example.test', password: PASSWORD })));
    const crossSite = await authorizeRequest(new Request(`${ORIGIN}/api/tasks`, { method: 'POST', headers: { cookie, host: 'cronboard.test', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } }), 'viewer');
    expect(crossSite.ok || crossSite.response.status).toBe(403);
    const sameSite = await authorizeRequest(new Request(`${ORIGIN}/api/tasks`, { method: 'POST', headers: { cookie, host: 'cronboard.test', origin: ORIGIN } }), 'viewer');
    expect(sameSite.ok).toBe(true);
  });

  it('refuses a cross-site tRPC mutation carrying the session cookie; the same call from the page, or with a Bearer token, passes the check', async () => {
    const cookie = cookieFrom(await login(post('/api/auth/login', { email: 'root@example.test', password: PASSWORD })));
    const input = { email: 'csrf-victim@example.test', password: PASSWORD, role: 'admin' };
    const crossSite = await trpcMutation('users.create', input, { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite).toMatchObject({ status: 403, code: 'FORBIDDEN', message: expect.stringMatching(/Cross-site request refused/) as unknown });
    // An old browser without Sec-Fetch-Site, or a form with no Origin and no CSRF header: refused too.
    expect((await trpcMutation('users.create', input, { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await trpcMutation('users.create', input, { cookie })).status).toBe(403);
    const db = await getDb();
    expect(await db.user.findUnique({ where: { email: 'csrf-victim@example.test' } })).toBeNull();

    expect(await trpcMutation('users.create', input, { cookie, 'sec-fetch-site': 'same-origin' })).toMatchObject({ status: 200 });
    const { token } = await createApiToken({ db, email: 'root@example.test', name: 'script', actor: SYSTEM_ACTOR });
    const bearer = await trpcMutation('users.setRole', { email: 'csrf-victim@example.test', role: 'viewer' }, { authorization: `Bearer ${token}`, origin: 'https://elsewhere.example' });
    expect(bearer.status).toBe(200);
  });
});
