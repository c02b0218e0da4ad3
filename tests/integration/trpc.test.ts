import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor';
import { loadConfig } from '../../server/config';
import { demoTasks, seedDemo } from '../../server/demo/seed-demo';
import { createLogger } from '../../server/lib/logger';
import type { Context } from '../../server/trpc/context';
import { appRouter } from '../../server/trpc/routers/_app';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();

describe(`tRPC over HTTP on ${provider}`, () => {
  const testDb = useTestDatabase();
  const logger = createLogger({ name: 'test', level: 'silent' });

  beforeAll(async () => {
    await seedDemo({ db: testDb.db, timezone: 'UTC' });
  });

  /** Calls a procedure the way the browser does: an HTTP request through the fetch adapter. */
  async function call(path: string, input: unknown, actor: Actor | null = { type: 'user', id: 'u', name: 'u', role: 'viewer' }) {
    const config = { ...loadConfig({ env: { DATABASE_URL: testDb.url } }), timezone: 'Europe/Paris' };
    const ctx: Context = { actor, headers: new Headers(), app: async () => ({ config, handle: testDb.handle, logger }) };
    const url = `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
    const response = await fetchRequestHandler({ endpoint: '/api/trpc', req: new Request(url), router: appRouter, createContext: () => ctx });
    const body = (await response.json()) as { result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: { json: { message: string; data: Record<string, unknown> } } };
    return { status: response.status, data: body.result ? superjson.deserialize(body.result.data) : undefined, error: body.error?.json };
  }

  it('tasks.list returns the cards in board order with dates as dates', async () => {
    const { status, data } = await call('tasks.list', undefined);
    expect(status).toBe(200);
    const tasks = data as { key: string; status: string; position: number; nextRunAt: Date | null; scheduleDescription: string }[];
    expect(tasks.length).toBe(demoTasks().length);
    const nightly = tasks.find((t) => t.key === 'nightly-backup')!;
    expect(nightly.nextRunAt).toBeInstanceOf(Date);
    expect(nightly.scheduleDescription).toMatch(/02:00/);
  });

  it('tasks.get answers an unknown key with 404, the domain code and no stack', async () => {
    const { status, error } = await call('tasks.get', { key: 'no-such-task' });
    expect(status).toBe(404);
    expect(error?.message).toBe("No task with key 'no-such-task'");
    expect(error?.data).toMatchObject({ code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
    expect(JSON.stringify(error)).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('rejects invalid input with 400 and field errors', async () => {
    const { status, error } = await call('tasks.get', { key: 'Not A Key!' });
    expect(status).toBe(400);
    expect((error?.data.fieldErrors as Record<string, string[]>).key?.[0]).toMatch(/lowercase letters/);
  });

  it('schedules.preview explains a schedule or says what is wrong, in the configured timezone', async () => {
    const ok = await call('schedules.preview', { schedule: 'daily at 10:30' });
    expect(ok.data).toMatchObject({ ok: true, kind: 'cron', timezone: 'Europe/Paris' });
    const next = (ok.data as { next: Date[] }).next;
    expect(next).toHaveLength(5);
    // 10:30 in Paris is 09:30 UTC in winter.
    expect(next[0]!.toISOString()).toMatch(/T09:30:00\.000Z$/);
    const bad = await call('schedules.preview', { schedule: '61 * * * *' });
    expect(bad.data).toMatchObject({ ok: false, error: { message: expect.stringMatching(/minute.*61.*0-59/) as unknown } });
  });

  it('health reports the database and provider', async () => {
    const { data } = await call('health', undefined, null);
    expect(data).toMatchObject({ ok: true, database: { provider, ok: true } });
  });

  it('procedure layers refuse callers without the role', async () => {
    const anonymous = await call('tasks.list', undefined, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.error?.message).toBe('Sign in first (session cookie or Authorization: Bearer token).');
  });
});
