// Route handlers answer errors through the one errorResponse (server/errors.ts):
// the same bodies as before, the same HTTP status as tRPC for the same domain
// error, and an unexpected failure is a generic 500 whose stack is in the log.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as setup } from '../../app/api/auth/setup/route';
import { GET as download } from '../../app/api/runs/[id]/logs/download/route';
import { GET as follow } from '../../app/api/runs/[id]/logs/route';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { createApiToken } from '../../server/auth/api-tokens';
import { resetConfigForTests } from '../../server/config';
import { closeDatabase, getDb, migrateDatabase, type Db } from '../../server/db';
import { INTERNAL_ERROR_MESSAGE } from '../../server/errors';
import { createContext } from '../../server/trpc/context';
import { appRouter } from '../../server/trpc/routers/_app';
import { createUser } from '../../server/users/create-user';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/test-db';

const provider = testProvider();
const ORIGIN = 'http://cronboard.test';
const PASSWORD = 'correct horse battery';

describe(`route handler errors on ${provider}`, () => {
  let testDb: TestDatabase;
  let dir: string;
  let logFile: string;
  let db: Db;
  let token: string;
  let taskId: number;
  const saved = { ...process.env };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrateDatabase({ url: testDb.url });
    dir = mkdtempSync(join(tmpdir(), 'cronboard-route-errors-'));
    logFile = join(dir, 'web.log');
    writeFileSync(join(dir, 'cronboard.yaml'), 'demo: false\n');
    delete (globalThis as { __cronboardStart?: unknown }).__cronboardStart;
    Object.assign(process.env, {
      DATABASE_URL: testDb.url,
      CRONBOARD_CONFIG: join(dir, 'cronboard.yaml'),
      CRONBOARD_DEMO: 'false',
      // Errors only, into a file the test reads: the pino logger bootstrap('web') builds.
      LOG_LEVEL: 'error',
      LOG_FILE: logFile,
    });
    resetConfigForTests();
    db = await getDb();
    taskId = (await db.task.create({ data: { key: 'errors', name: 'errors', kind: 'shell', command: 'true', timezone: 'UTC' } })).id;
    await createUser({ db, email: 'viewer@errors.test', password: PASSWORD, role: 'viewer', actor: SYSTEM_ACTOR });
    token = (await createApiToken({ db, email: 'viewer@errors.test', name: 'errors', actor: SYSTEM_ACTOR })).token;
  });
  afterAll(async () => {
    await closeDatabase();
    delete (globalThis as { __cronboardStart?: unknown }).__cronboardStart;
    process.env = saved;
    resetConfigForTests();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const runRequest = (handler: typeof download, id: string, bearer: string | null = token) =>
    handler(new Request(`${ORIGIN}/api/runs/${id}/logs`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} }), {
      params: Promise.resolve({ id }),
    });
  const answer = async (response: Response) => [response.status, await response.json()] as const;

  it('run routes: the 401 body from authorizeRequest, 400 naming the id, 404 naming the run', async () => {
    for (const handler of [follow, download]) {
      expect(await answer(await runRequest(handler, '1', null))).toEqual([401, { error: 'Sign in first (session cookie or Authorization: Bearer token).' }]);
      expect(await answer(await runRequest(handler, 'abc'))).toEqual([
        400,
        { error: "The run id in the URL must be a positive whole number, got 'abc'.", fieldErrors: {} },
      ]);
      expect(await answer(await runRequest(handler, '999999'))).toEqual([404, { error: 'No run with id 999999', fieldErrors: {} }]);
    }
  });

  it('a domain error gets the same HTTP status from a route handler and from tRPC', async () => {
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ id: 999999 })));
    const req = new Request(`${ORIGIN}/api/trpc/runs.get?input=${input}`, { headers: { authorization: `Bearer ${token}`, host: 'cronboard.test' } });
    const res = await fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => createContext({ headers: req.headers }) });
    const body = (await res.json()) as { error: { json: { message: string; data: { code: string; appCode: string } } } };
    expect([res.status, body.error.json.data.code, body.error.json.data.appCode, body.error.json.message]).toEqual([404, 'NOT_FOUND', 'NOT_FOUND', 'No run with id 999999']);
    expect((await runRequest(download, '999999')).status).toBe(res.status);
  });

  it('auth routes keep their bodies: a 409 with its message and field errors', async () => {
    const post = (body: unknown) =>
      setup(
        new Request(`${ORIGIN}/api/auth/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', host: 'cronboard.test', origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
          body: JSON.stringify(body),
        }),
      );
    // A user exists already (the viewer above): setup is over.
    expect(await answer(await post({ email: 'root@errors.test', password: PASSWORD }))).toEqual([409, { error: 'Setup is already done; sign in instead.', fieldErrors: {} }]);
  });

  // Last: it breaks the database on purpose.
  it('an unexpected failure is a 500 with a generic message; the stack and the run id go to the log', async () => {
    const run = await db.run.create({ data: { taskId, trigger: 'manual', status: 'succeeded', finishedAt: new Date() } });
    await db.$executeRawUnsafe('DROP TABLE "RunLog"');
    const response = await runRequest(download, String(run.id));
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: INTERNAL_ERROR_MESSAGE });
    expect(text).not.toMatch(/RunLog|prisma|at /i);
    type Line = { msg: string; runId?: number; path?: string; err?: { stack?: string } };
    let logged: Line | undefined;
    // The log file stream is asynchronous: wait for the line.
    for (let i = 0; i < 40 && !logged; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      const lines = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
      logged = lines.find((l) => l.msg === 'request failed' && l.runId === run.id);
    }
    expect(logged).toMatchObject({ path: `/api/runs/${run.id}/logs` });
    expect(logged?.err?.stack).toMatch(/RunLog[\s\S]*\n\s+at /);
  });
});
