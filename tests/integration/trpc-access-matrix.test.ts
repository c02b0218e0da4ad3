// Every tRPC procedure, called as anonymous, viewer, operator, editor and admin
// (real users with real API tokens, resolved the way a request is), against
// an explicit decision table. The procedures are found by walking the router
// itself, so a procedure added without a decision here fails this test.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { createApiToken } from '../../server/auth/api-tokens';
import { identifyRequest } from '../../server/auth/resolve-actor';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/lib/logger';
import type { Context } from '../../server/trpc/context';
import { appRouter } from '../../server/trpc/routers/_app';
import { createUser } from '../../server/users/create-user';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

type Access = 'public' | 'viewer' | 'operator' | 'editor' | 'admin';

/**
 * THE DECISION TABLE: tRPC path → the minimum role that may call it.
 * public: anyone, signed in or not · viewer: read · operator: run/cancel/pause/move tasks and edit
 * their board fields · editor: define what runs (create, duplicate, delete, edit definition fields) ·
 * admin: users, tokens, settings. Add one row per new procedure (keep them sorted by router).
 */
export const MINIMUM_ROLE: Record<string, Access> = {
  health: 'public',
  'session.me': 'public',
  'session.setupNeeded': 'public',

  'tasks.list': 'viewer',
  'tasks.get': 'viewer',
  'tasks.detail': 'viewer',
  'tasks.history': 'viewer',
  'tasks.stats': 'viewer',
  'tasks.create': 'editor',
  // Board fields only for an operator; definition fields are refused in the service (trpc-editor-role.test.ts).
  'tasks.update': 'operator',
  'tasks.delete': 'editor',
  'tasks.pause': 'operator',
  'tasks.resume': 'operator',
  'tasks.duplicate': 'editor',
  'tasks.runNow': 'operator',
  'tasks.cancelRun': 'operator',

  'board.get': 'viewer',
  'board.move': 'operator',
  // A WIP limit is part of how the team runs its board, not an instance setting.
  'board.setWipLimit': 'operator',
  'board.quickAdd': 'editor',

  'runs.list': 'viewer',
  'runs.counts': 'viewer',
  'runs.get': 'viewer',
  'runs.logs': 'viewer',
  'runs.retry': 'operator',
  'runs.cancel': 'operator',

  'schedules.preview': 'viewer',
  'schedules.upcoming': 'viewer',

  'search.find': 'viewer',
  'workers.list': 'viewer',
  'events.list': 'viewer',
  'events.activity': 'viewer',
  'events.runTransitions': 'viewer',

  'users.list': 'admin',
  'users.create': 'admin',
  'users.setRole': 'admin',
  'users.disable': 'admin',
  'users.enable': 'admin',
  'tokens.list': 'admin',
  'tokens.create': 'admin',
  'tokens.revoke': 'admin',
};

const CALLERS = ['anonymous', 'viewer', 'operator', 'editor', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
const RANK: Record<Access | Caller, number> = { public: 0, anonymous: 0, viewer: 1, operator: 2, editor: 3, admin: 4 };

/** What a caller must get: the role check's answer, or "allowed" (anything else, including BAD_REQUEST on empty input). */
function expected(access: Access, caller: Caller): 'UNAUTHORIZED' | 'FORBIDDEN' | 'allowed' {
  if (access === 'public') return 'allowed';
  if (caller === 'anonymous') return 'UNAUTHORIZED';
  return RANK[caller] >= RANK[access] ? 'allowed' : 'FORBIDDEN';
}

const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, { _def: { type: string } }> }).procedures).map(
  ([path, p]) => ({ path, type: p._def.type }),
);

describe('every tRPC procedure has an access decision', () => {
  it('the decision table names every procedure of the router, and only those', () => {
    const missing = procedures.filter((p) => !(p.path in MINIMUM_ROLE)).map((p) => p.path);
    const stale = Object.keys(MINIMUM_ROLE).filter((path) => !procedures.some((p) => p.path === path));
    expect(
      missing,
      `No access decision for tRPC procedure(s) ${missing.join(', ')}. Add to MINIMUM_ROLE in tests/integration/trpc-access-matrix.test.ts:\n${missing
        .map((m) => `  '${m}': 'viewer' | 'operator' | 'editor' | 'admin' | 'public',`)
        .join('\n')}`,
    ).toEqual([]);
    expect(stale, `MINIMUM_ROLE names procedure(s) the router no longer has; remove: ${stale.join(', ')}`).toEqual([]);
  });
});

describe(`tRPC access matrix on ${testProvider()}`, () => {
  const testDb = useTestDatabase();
  const logger = createLogger({ name: 'test', level: 'silent' });
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    for (const role of ['viewer', 'operator', 'editor', 'admin'] as const) {
      await createUser({ db: testDb.db, email: `${role}@matrix.test`, password: 'correct horse battery', role, actor: SYSTEM_ACTOR });
      tokens[role] = (await createApiToken({ db: testDb.db, email: `${role}@matrix.test`, name: `${role}-matrix`, actor: SYSTEM_ACTOR })).token;
    }
  });

  /** One HTTP call through the fetch adapter, the caller identified from its Authorization header like any request. */
  async function call(path: string, type: string, caller: Caller): Promise<{ status: number; code: string | null }> {
    const headers = new Headers(caller === 'anonymous' ? {} : { authorization: `Bearer ${tokens[caller]}` });
    const identity = await identifyRequest({ db: testDb.db, headers });
    const config = loadConfig({ env: { DATABASE_URL: testDb.url } });
    const ctx: Context = { actor: identity.actor, authVia: identity.via, headers, app: async () => ({ config, handle: testDb.handle, logger }) };
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({})));
    const req =
      type === 'mutation'
        ? new Request(`http://localhost/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(superjson.serialize({})) })
        : new Request(`http://localhost/api/trpc/${path}?input=${input}`);
    const res = await fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => ctx });
    const body = (await res.json()) as { error?: { json: { data: { code: string } } } };
    return { status: res.status, code: body.error?.json.data.code ?? null };
  }

  const subscriptions = procedures.filter((p) => p.type === 'subscription');
  it('has no subscriptions (they would need their own matrix row kind)', () => expect(subscriptions).toEqual([]));

  for (const caller of CALLERS) {
    it(`as ${caller}: each procedure answers as its decision says`, async () => {
      const outcomes: string[] = [];
      const wrong: string[] = [];
      for (const { path, type } of procedures) {
        const access = MINIMUM_ROLE[path];
        if (!access) continue; // reported by the table test above
        const want = expected(access, caller);
        const { status, code } = await call(path, type, caller);
        const got = code === 'UNAUTHORIZED' || code === 'FORBIDDEN' ? code : 'allowed';
        outcomes.push(`${path}: ${got} (${status})`);
        if (got !== want) wrong.push(`${path} (${type}, minimum ${access}) as ${caller}: expected ${want}, got ${code ?? 'success'} (HTTP ${status})`);
        // "allowed" must never be a server error: the role check passed and the procedure answered sensibly.
        if (got === 'allowed') expect(status, `${path} as ${caller}`).toBeLessThan(500);
      }
      expect(wrong, outcomes.join('\n')).toEqual([]);
      expect(outcomes.length).toBe(procedures.length);
    });
  }
});
