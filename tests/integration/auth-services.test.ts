// Accounts on a real database: password hashing, sessions and their expiry,
// disabled users, API tokens, login limits, the atomic first admin, and the
// actor every signed-in action leaves on its Event.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { createApiToken, listApiTokens, resolveApiToken, revokeApiToken } from '../../server/auth/api-tokens';
import { LOGIN_LIMITS } from '../../server/auth/login-limits';
import { hashPassword, verifyPassword } from '../../server/auth/password';
import { identifyRequest } from '../../server/auth/resolve-actor';
import { createSession, deleteSession, resolveSession, SESSION_DAYS } from '../../server/auth/sessions';
import { INVALID_LOGIN_MESSAGE, signIn } from '../../server/auth/sign-in';
import { loadConfig } from '../../server/config';
import type { Db } from '../../server/db';
import { createLogger } from '../../server/lib/logger';
import type { Context } from '../../server/trpc/context';
import { appRouter } from '../../server/trpc/routers/_app';
import { createUser } from '../../server/users/create-user';
import { setUserDisabled, setUserRole } from '../../server/users/update-user';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;

describe(`accounts on ${provider}`, () => {
  const testDb = useTestDatabase();
  let db: Db;
  let n = 0;
  /** A fresh user per test, so tests do not share login limits or sessions. */
  const newUser = async (role: 'viewer' | 'operator' | 'admin' = 'viewer') =>
    createUser({ db, email: `user${++n}-${role}@example.test`, password: PASSWORD, role, actor: SYSTEM_ACTOR });
  const ip = () => `10.0.0.${++n}`;

  beforeAll(() => {
    db = testDb.db;
  });

  it('hashes passwords with salted scrypt and verifies only the right one', async () => {
    const a = await hashPassword(PASSWORD);
    const b = await hashPassword(PASSWORD);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'not-a-hash')).toBe(false);
  });

  it('signs in with the right password; the same message for a wrong password and an unknown email', async () => {
    const user = await newUser();
    const from = ip();
    const ok = await signIn({ db, email: user.email.toUpperCase(), password: PASSWORD, ip: from });
    expect(ok).toMatchObject({ ok: true, user: { email: user.email } });
    const wrongPassword = await signIn({ db, email: user.email, password: 'wrong password!', ip: from });
    const unknownEmail = await signIn({ db, email: 'nobody@example.test', password: PASSWORD, ip: from });
    expect(wrongPassword).toEqual({ ok: false, reason: 'invalid', message: INVALID_LOGIN_MESSAGE });
    expect(unknownEmail).toEqual(wrongPassword);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lastLoginAt).toBeInstanceOf(Date);
  });

  it('takes about as long for an unknown email as for a wrong password (a hash is verified either way)', async () => {
    const user = await newUser();
    const time = async (email: string) => {
      const start = performance.now();
      await signIn({ db, email, password: 'wrong password!', ip: ip() });
      return performance.now() - start;
    };
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await time(user.email));
      unknown.push(await time(`ghost${i}@example.test`));
    }
    const ratio = median(unknown) / median(wrong);
    expect(ratio, `unknown ${median(unknown).toFixed(1)} ms vs wrong password ${median(wrong).toFixed(1)} ms`).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(2.5);
  });

  it('resolves a session until it expires, and not after sign-out', async () => {
    const user = await newUser();
    const now = new Date();
    const { token, expiresAt } = await createSession({ db, userId: user.id, now });
    expect(expiresAt.getTime() - now.getTime()).toBe(SESSION_DAYS * DAY);
    const stored = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toContain(token.slice(4));
    expect(await resolveSession({ db, token, now })).toMatchObject({ user: { id: user.id, email: user.email } });
    expect(await resolveSession({ db, token, now: new Date(expiresAt.getTime() + 1000) })).toBeNull();
    expect(await resolveSession({ db, token: `${token}x`, now })).toBeNull();
    await deleteSession({ db, token });
    expect(await resolveSession({ db, token, now })).toBeNull();
  });

  it('slides an active session forward (written at most every few minutes)', async () => {
    const user = await newUser();
    const start = new Date();
    const { token } = await createSession({ db, userId: user.id, now: start });
    const later = new Date(start.getTime() + 3 * DAY);
    await resolveSession({ db, token, now: later });
    const row = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.expiresAt.getTime()).toBe(later.getTime() + SESSION_DAYS * DAY);
    expect(await resolveSession({ db, token, now: new Date(start.getTime() + (SESSION_DAYS + 1) * DAY) })).not.toBeNull();
  });

  it('a disabled user cannot sign in, and their sessions and tokens stop working at once', async () => {
    const admin = await newUser('admin');
    const user = await newUser('operator');
    const session = await createSession({ db, userId: user.id });
    const { token } = await createApiToken({ db, email: user.email, name: 'deploy', actor: SYSTEM_ACTOR });
    expect(await resolveApiToken({ db, token })).not.toBeNull();

    await setUserDisabled({ db, email: user.email, disabled: true, actor: { type: 'user', id: admin.id, name: admin.email, role: 'admin' } });
    expect(await resolveSession({ db, token: session.token })).toBeNull();
    expect(await resolveApiToken({ db, token })).toBeNull();
    expect(await signIn({ db, email: user.email, password: PASSWORD, ip: ip() })).toMatchObject({ ok: false, message: INVALID_LOGIN_MESSAGE });

    await setUserDisabled({ db, email: user.email, disabled: false, actor: SYSTEM_ACTOR });
    expect(await resolveApiToken({ db, token })).not.toBeNull();
    expect(await signIn({ db, email: user.email, password: PASSWORD, ip: ip() })).toMatchObject({ ok: true });
  });

  it('API tokens: shown once, stored hashed, carry the user role, record last use (throttled), revoke and expire', async () => {
    const user = await newUser('operator');
    const { token, summary } = await createApiToken({ db, email: user.email, name: 'ci', actor: SYSTEM_ACTOR });
    expect(token).toMatch(/^cbt_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.prefix).toBe(token.slice(0, 10));

    const t0 = new Date();
    const actor = await resolveApiToken({ db, token, now: t0 });
    expect(actor).toMatchObject({ type: 'token', id: summary.id, role: 'operator', tokenName: 'ci', name: `ci (${user.email})`, user: { id: user.id, email: user.email } });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } })).lastUsedAt?.getTime()).toBe(t0.getTime());
    // Within a minute: no write.
    await resolveApiToken({ db, token, now: new Date(t0.getTime() + 30_000) });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } })).lastUsedAt?.getTime()).toBe(t0.getTime());
    const t2 = new Date(t0.getTime() + 120_000);
    await resolveApiToken({ db, token, now: t2 });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } })).lastUsedAt?.getTime()).toBe(t2.getTime());

    // The role is the user's at the time of the request.
    await setUserRole({ db, email: user.email, role: 'viewer', actor: SYSTEM_ACTOR });
    expect((await resolveApiToken({ db, token }))?.role).toBe('viewer');

    await revokeApiToken({ db, id: summary.id, actor: SYSTEM_ACTOR });
    expect(await resolveApiToken({ db, token })).toBeNull();
    expect((await listApiTokens({ db })).find((t) => t.id === summary.id)?.revokedAt).toBeInstanceOf(Date);

    const expiring = await createApiToken({ db, email: user.email, name: 'short', expiresAt: new Date(Date.now() + DAY), actor: SYSTEM_ACTOR });
    expect(await resolveApiToken({ db, token: expiring.token })).not.toBeNull();
    expect(await resolveApiToken({ db, token: expiring.token, now: new Date(Date.now() + 2 * DAY) })).toBeNull();
    await expect(createApiToken({ db, email: 'nobody@example.test', name: 'x', actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('limits failed sign-ins per account, even with the right password, with a clear wait', async () => {
    const user = await newUser();
    const now = new Date();
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      // Different addresses: the account limit alone applies.
      expect(await signIn({ db, email: user.email, password: 'wrong password!', ip: ip(), now })).toMatchObject({ reason: 'invalid' });
    }
    const blocked = await signIn({ db, email: user.email, password: PASSWORD, ip: ip(), now });
    expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited', message: 'Too many attempts; try again in 15 minutes.' });
    const later = await signIn({ db, email: user.email, password: PASSWORD, ip: ip(), now: new Date(now.getTime() + 11 * 60_000) });
    expect(later).toMatchObject({ ok: false, message: 'Too many attempts; try again in 4 minutes.' });
    expect(await signIn({ db, email: user.email, password: PASSWORD, ip: ip(), now: new Date(now.getTime() + LOGIN_LIMITS.windowMs + 1000) })).toMatchObject({ ok: true });
  });

  it('limits failed sign-ins per address across accounts', async () => {
    const from = ip();
    const now = new Date();
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) {
      await signIn({ db, email: `guess${i}-${n}@example.test`, password: 'wrong password!', ip: from, now });
    }
    const user = await newUser();
    expect(await signIn({ db, email: user.email, password: PASSWORD, ip: from, now })).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect(await signIn({ db, email: user.email, password: PASSWORD, ip: ip(), now })).toMatchObject({ ok: true });
  });

  describe('setup on an empty database', () => {
    const fresh = useTestDatabase();

    it('creates exactly one first admin when setup is submitted several times at once', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => createUser({ db: fresh.db, email: `first${i}@example.test`, password: PASSWORD, role: 'admin', actor: SYSTEM_ACTOR, onlyIfFirst: true })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect((r).reason).toMatchObject({ code: 'CONFLICT', message: 'Setup is already done; sign in instead.' });
      }
      expect(await fresh.db.user.count()).toBe(1);
      // Once a user exists, setup stays closed.
      await expect(createUser({ db: fresh.db, email: 'late@example.test', password: PASSWORD, role: 'admin', actor: SYSTEM_ACTOR, onlyIfFirst: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('a database with one admin', () => {
    const fresh = useTestDatabase();

    it('refuses to demote or disable the last active admin', async () => {
      const admin = await createUser({ db: fresh.db, email: 'only@example.test', password: PASSWORD, role: 'admin', actor: SYSTEM_ACTOR });
      await expect(setUserRole({ db: fresh.db, email: admin.email, role: 'viewer', actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(setUserDisabled({ db: fresh.db, email: admin.email, disabled: true, actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  it('every Event from a signed-in user (session cookie) or a token names who it was', async () => {
    const admin = await newUser('admin');
    const session = await signIn({ db, email: admin.email, password: PASSWORD, ip: ip() });
    if (!session.ok) throw new Error('sign-in failed');
    const logger = createLogger({ name: 'test', level: 'silent' });
    const config = loadConfig({ env: { DATABASE_URL: testDb.url } });
    const mutate = async (headers: Headers, path: string, input: unknown) => {
      const identity = await identifyRequest({ db, headers });
      const ctx: Context = { actor: identity.actor, authVia: identity.via, headers, app: async () => ({ config, handle: testDb.handle, logger }) };
      const req = new Request(`http://localhost/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(superjson.serialize(input)) });
      const res = await fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => ctx });
      expect(res.status, await res.clone().text()).toBe(200);
    };
    const since = new Date(Date.now() - 1000);
    const cookie = new Headers({ cookie: `cronboard_session=${session.token}`, 'sec-fetch-site': 'same-origin' });
    const newEmail = `made-by-${n}@example.test`;
    await mutate(cookie, 'users.create', { email: newEmail, password: PASSWORD, role: 'viewer' });
    await mutate(cookie, 'users.setRole', { email: newEmail, role: 'operator' });
    await mutate(cookie, 'tokens.create', { email: admin.email, name: 'automation' });
    const { token } = await createApiToken({ db, email: admin.email, name: 'ops-script', actor: SYSTEM_ACTOR });
    await mutate(new Headers({ authorization: `Bearer ${token}` }), 'users.disable', { email: newEmail });

    const events = await db.event.findMany({ where: { at: { gte: since }, type: { in: ['user.login', 'user.created', 'user.role_changed', 'user.token_created', 'user.disabled'] } }, orderBy: { id: 'asc' } });
    const mine = events.filter((e) => e.actorId === admin.id || e.actorName?.includes(admin.email));
    expect(mine.map((e) => [e.type, e.actorType, e.actorName])).toEqual([
      ['user.login', 'user', admin.email],
      ['user.created', 'user', admin.email],
      ['user.role_changed', 'user', admin.email],
      ['user.token_created', 'user', admin.email],
      ['user.disabled', 'token', `ops-script (${admin.email})`],
    ]);
    expect(mine.slice(0, 4).every((e) => e.actorId === admin.id)).toBe(true);
  });
});
