// The few-seconds cache of who a Bearer token or session cookie belongs to
// (server/auth/identity-cache.ts), on a real database (both providers): a
// revocation, role change, user disabled or sign-out through this process's
// services takes effect at once; another process (its own database client)
// sees it within IDENTITY_CACHE_TTL_MS; the cache never outlives the
// credential's own expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { createApiToken, revokeApiToken } from '../../server/auth/api-tokens';
import { IDENTITY_CACHE_TTL_MS } from '../../server/auth/identity-cache';
import { identifyRequest } from '../../server/auth/resolve-actor';
import { createSession, deleteSession } from '../../server/auth/sessions';
import { openDatabase, type DatabaseHandle, type Db } from '../../server/db';
import { createUser } from '../../server/users/create-user';
import { setUserDisabled, setUserRole } from '../../server/users/update-user';
import { createShellTask } from './helpers/tasks';
import { restSession, type RestClient } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });
const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

describe(`identity cache on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });
  let db: Db, api: RestClient, other: DatabaseHandle;
  let n = 0;
  beforeAll(async () => {
    ({ db, api } = await restSession([]));
    // Another web process: its own database client, so its own cache; it hears nothing of this process's writes.
    other = await openDatabase(t.url);
  });
  afterAll(async () => {
    await other?.close();
  });

  async function userWithToken(role: 'operator' | 'admin' = 'operator', expiresInMs?: number) {
    const email = `cache-${++n}@example.test`;
    const user = await createUser({ db, email, password: 'correct horse battery', role, actor: SYSTEM_ACTOR });
    const createdAt = new Date();
    const expiresAt = expiresInMs === undefined ? null : later(createdAt, expiresInMs);
    const { token, summary } = await createApiToken({ db, email, name: `t${n}`, expiresAt, actor: SYSTEM_ACTOR });
    return { user, token, tokenId: summary.id, createdAt };
  }

  it('a token revoked through this process is refused at once; another process refuses it once its cache entry is TTL old', async () => {
    const { token, tokenId } = await userWithToken();
    expect((await api.call('GET', '/tasks', { token })).status).toBe(200);
    const t0 = new Date();
    expect((await identifyRequest({ db: other.db, headers: bearer(token), now: t0 })).actor).toMatchObject({ type: 'token', id: tokenId });

    await revokeApiToken({ db, id: tokenId, actor: SYSTEM_ACTOR });
    const refused = await api.call<{ error: { code: string } }>('GET', '/tasks', { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHORIZED');

    // The other process still trusts what it read, for at most the TTL…
    expect((await identifyRequest({ db: other.db, headers: bearer(token), now: later(t0, IDENTITY_CACHE_TTL_MS - 1) })).actor?.id).toBe(tokenId);
    // …then reads the database again and refuses it.
    expect(await identifyRequest({ db: other.db, headers: bearer(token), now: later(t0, IDENTITY_CACHE_TTL_MS) })).toEqual({ actor: null, via: null });
    expect(IDENTITY_CACHE_TTL_MS).toBeLessThanOrEqual(5_000);
  });

  it('a role change through this process applies to the next request; another process gets it within the TTL', async () => {
    const { user, token } = await userWithToken('operator');
    await createShellTask(db, { key: `cache-task-${n}` }, { actor: SYSTEM_ACTOR, source: 'ui' });
    expect((await api.call('POST', `/tasks/cache-task-${n}/pause`, { token })).status).toBe(200);
    const t0 = new Date();
    expect((await identifyRequest({ db: other.db, headers: bearer(token), now: t0 })).actor?.role).toBe('operator');

    await setUserRole({ db, email: user.email, role: 'viewer', actor: SYSTEM_ACTOR });
    const refused = await api.call<{ error: { code: string; message: string } }>('POST', `/tasks/cache-task-${n}/resume`, { token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/operator/);
    expect((await api.call('GET', '/me', { token })).body).toMatchObject({ role: 'viewer' });

    expect((await identifyRequest({ db: other.db, headers: bearer(token), now: later(t0, IDENTITY_CACHE_TTL_MS - 1) })).actor?.role).toBe('operator');
    expect((await identifyRequest({ db: other.db, headers: bearer(token), now: later(t0, IDENTITY_CACHE_TTL_MS) })).actor?.role).toBe('viewer');
  });

  it("disabling a user refuses their tokens and sessions at once; signing out ends that session's cache entry", async () => {
    const { user, token } = await userWithToken();
    const session = await createSession({ db, userId: user.id });
    const cookie = new Headers({ cookie: `cronboard_session=${session.token}` });
    expect((await identifyRequest({ db, headers: cookie })).actor).toMatchObject({ type: 'user', id: user.id });
    expect((await identifyRequest({ db, headers: bearer(token) })).via).toBe('bearer');
    // A session's secret sent as a Bearer token is not a token, cached or not.
    expect((await identifyRequest({ db, headers: bearer(session.token) })).actor).toBeNull();

    await setUserDisabled({ db, email: user.email, disabled: true, actor: SYSTEM_ACTOR });
    expect((await identifyRequest({ db, headers: cookie })).actor).toBeNull();
    expect((await api.call('GET', '/tasks', { token })).status).toBe(401);

    await setUserDisabled({ db, email: user.email, disabled: false, actor: SYSTEM_ACTOR });
    expect((await api.call('GET', '/tasks', { token })).status).toBe(200);
    const again = await createSession({ db, userId: user.id });
    const againCookie = new Headers({ cookie: `cronboard_session=${again.token}` });
    expect((await identifyRequest({ db, headers: againCookie })).via).toBe('cookie');
    await deleteSession({ db, token: again.token });
    expect((await identifyRequest({ db, headers: againCookie })).actor).toBeNull();
  });

  it("a cached token is not trusted past the token's own expiry", async () => {
    const { token, createdAt: t0 } = await userWithToken('operator', 2_000);
    expect((await identifyRequest({ db: other.db, headers: bearer(token), now: t0 })).actor).not.toBeNull();
    expect((await identifyRequest({ db: other.db, headers: bearer(token), now: later(t0, 1_000) })).actor).not.toBeNull();
    expect((await identifyRequest({ db: other.db, headers: bearer(token), now: later(t0, 2_000) })).actor).toBeNull();
  });
});
