// The task page's tRPC procedures over HTTP (the fetch adapter, as the browser
// calls them): roles, field errors the form maps onto its fields, version conflicts.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../server/auth/actor';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/lib/logger';
import type { Context } from '../../server/trpc/context';
import { appRouter } from '../../server/trpc/routers/_app';
import { userActor } from './helpers/actors';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const as = (role: Role) => userActor(role);

describe(`task page tRPC procedures on ${provider}`, () => {
  const testDb = useTestDatabase();
  const logger = createLogger({ name: 'test', level: 'silent' });

  async function call(path: string, input: unknown, actor: Actor, method: 'GET' | 'POST') {
    const config = { ...loadConfig({ env: { DATABASE_URL: testDb.url } }), timezone: 'UTC' };
    const ctx: Context = { actor, headers: new Headers(), app: async () => ({ config, handle: testDb.handle, logger }) };
    const serialized = JSON.stringify(superjson.serialize(input));
    const req =
      method === 'GET'
        ? new Request(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(serialized)}`)
        : new Request(`http://localhost/api/trpc/${path}`, { method: 'POST', body: serialized, headers: { 'content-type': 'application/json' } });
    const response = await fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => ctx });
    const body = (await response.json()) as {
      result?: { data: Parameters<typeof superjson.deserialize>[0] };
      error?: { json: { message: string; data: { code: string; appCode: string | null; fieldErrors: Record<string, string[]> | null } } };
    };
    return { status: response.status, data: body.result ? superjson.deserialize(body.result.data) : undefined, error: body.error?.json };
  }
  // Creating, duplicating and deleting tasks define what runs: the editor's (trpc-editor-role.test.ts).
  const mutate = (path: string, input: unknown, role: Role = /^tasks\.(create|duplicate|delete)$/.test(path) ? 'editor' : 'operator') =>
    call(path, input, as(role), 'POST');
  const query = (path: string, input: unknown, role: Role = 'viewer') => call(path, input, as(role), 'GET');
  const task = { key: 'trpc-task', name: 'tRPC task', kind: 'shell', command: 'true', schedule: '*/5 * * * *' };

  it('lets a viewer read but not change: every mutation needs the operator role (creating, duplicating, deleting: editor)', async () => {
    for (const [path, input] of [
      ['tasks.create', task],
      ['tasks.update', { key: 'x', expectedVersion: 1, input: task }],
      ['tasks.delete', { key: 'x' }],
      ['tasks.pause', { key: 'x' }],
      ['tasks.resume', { key: 'x' }],
      ['tasks.duplicate', { key: 'x' }],
      ['tasks.runNow', { key: 'x' }],
      ['tasks.cancelRun', { runId: 1 }],
    ] as const) {
      const { status, error } = await mutate(path, input, 'viewer');
      expect(status, path).toBe(403);
      expect(error?.message, path).toMatch(/needs the (operator|editor) role/);
    }
    expect(await testDb.db.task.count()).toBe(0);
  });

  it('answers bad fields with field errors the form can place: the parser message for the schedule, a taken key', async () => {
    const bad = await mutate('tasks.create', { ...task, name: '', schedule: '61 * * * *' });
    expect(bad.status).toBe(400);
    expect(bad.error?.data.fieldErrors?.name?.[0]).toBe('is required');

    const schedule = await mutate('tasks.create', { ...task, schedule: '61 * * * *' });
    expect(schedule.status).toBe(400);
    expect(schedule.error?.data.appCode).toBe('INVALID_SCHEDULE');
    expect(schedule.error?.data.fieldErrors?.schedule?.[0]).toMatch(/61 is out of range 0-59/);

    expect((await mutate('tasks.create', task)).status).toBe(200);
    const taken = await mutate('tasks.create', task);
    expect(taken.status).toBe(409);
    expect(taken.error?.data.fieldErrors).toEqual({ key: ['is already taken'] });
  });

  it('saves with the version read, refuses a stale one with CONFLICT, and serves history, stats and detail to a viewer', async () => {
    const saved = await mutate('tasks.update', { key: 'trpc-task', expectedVersion: 1, input: { ...task, name: 'Renamed' } }, 'operator');
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ name: 'Renamed', version: 2 });
    const stale = await mutate('tasks.update', { key: 'trpc-task', expectedVersion: 1, input: { ...task, name: 'Lost' } });
    expect(stale.status).toBe(409);
    expect(stale.error?.data.appCode).toBe('CONFLICT');
    expect(stale.error?.data.fieldErrors).toBeNull();
    expect(stale.error?.message).toMatch(/changed by someone else/);

    const run = await mutate('tasks.runNow', { key: 'trpc-task' });
    expect(run.data).toMatchObject({ runId: expect.any(Number) as number });
    const detail = await query('tasks.detail', { key: 'trpc-task' });
    expect(detail.data).toMatchObject({ name: 'Renamed', queuedRuns: 1, runningRunIds: [], input: { command: 'true', schedule: '*/5 * * * *' } });
    const history = await query('tasks.history', { key: 'trpc-task', page: 1, pageSize: 10 });
    expect(history.data).toMatchObject({ total: 1, items: [{ status: 'queued', trigger: 'manual' }] });
    const cancelled = await mutate('tasks.cancelRun', { runId: (run.data as { runId: number }).runId });
    expect(cancelled.data).toEqual({ outcome: 'cancelled' });
    const stats = await query('tasks.stats', { key: 'trpc-task' });
    expect(stats.data).toMatchObject({ outcomes: 0, successRate: null });

    const copy = await mutate('tasks.duplicate', { key: 'trpc-task' });
    expect(copy.data).toMatchObject({ key: 'trpc-task-copy', name: 'Renamed (copy)', status: 'todo' });
    const paused = await mutate('tasks.pause', { key: 'trpc-task-copy', expectedVersion: 1 });
    expect(paused.data).toMatchObject({ paused: true, nextRunAt: null });
    const deleted = await mutate('tasks.delete', { key: 'trpc-task-copy' });
    expect(deleted.data).toMatchObject({ key: 'trpc-task-copy', runs: 0 });
  });
});
