// The event catalogue against real writers: what the services store is always a
// catalogue type with its own sentence, and the activity filter (tRPC
// events.list) takes the catalogue's types and families, `run.*` included, and
// refuses a type that is not one with a 400 saying so.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../server/auth/actor';
import { createApiToken, revokeApiToken } from '../../server/auth/api-tokens';
import { signIn } from '../../server/auth/sign-in';
import { moveTask } from '../../server/board/move-task';
import { setWipLimit } from '../../server/board/set-wip-limit';
import { loadConfig } from '../../server/config';
import type { Db } from '../../server/db';
import { EVENT_TYPES, isEventType } from '../../server/events/catalogue';
import { listEvents } from '../../server/events/list-events';
import { createLogger } from '../../server/lib/logger';
import { cancelRun } from '../../server/runs/cancel-run';
import { createTask } from '../../server/tasks/create-task';
import { deleteTask } from '../../server/tasks/delete-task';
import { pauseTask } from '../../server/tasks/pause-task';
import { resumeTask } from '../../server/tasks/resume-task';
import { updateTask } from '../../server/tasks/update-task';
import type { Context } from '../../server/trpc/context';
import { appRouter } from '../../server/trpc/routers/_app';
import { createUser } from '../../server/users/create-user';
import { setUserDisabled, setUserRole } from '../../server/users/update-user';
import { registerWorker } from '../../server/workers/register-worker';
import { stopWorker } from '../../server/workers/stop-worker';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const PASSWORD = 'correct horse battery';
const ada: Actor = { type: 'user', id: 'ada', name: 'ada@example.test', role: 'admin' };

describe(`event types as written on ${provider}`, () => {
  const t = useTestDatabase();
  let db: Db;
  beforeAll(() => {
    db = t.db;
  });
  const logger = createLogger({ name: 'test', level: 'silent' });

  async function call(path: string, input: unknown) {
    const config = loadConfig({ env: { DATABASE_URL: t.url } });
    const ctx: Context = { actor: { ...ada, role: 'viewer' }, headers: new Headers(), app: async () => ({ config, handle: t.handle, logger }) };
    const url = `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
    const response = await fetchRequestHandler({ endpoint: '/api/trpc', req: new Request(url), router: appRouter, createContext: () => ctx });
    const body = (await response.json()) as { result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: { json: { message: string; data: Record<string, unknown> } } };
    return { status: response.status, data: body.result ? superjson.deserialize<{ items: { type: string }[] }>(body.result.data) : undefined, error: body.error?.json };
  }

  it('every event the services store is a catalogue type, described by its own sentence', async () => {
    const base = { db, actor: ada, defaultTimezone: 'UTC' };
    await createTask({ ...base, input: { key: 'cat', name: 'Cat', kind: 'shell', command: 'true', schedule: 'manual' }, source: 'ui' });
    await updateTask({ ...base, key: 'cat', patch: { command: 'echo hi' } });
    await pauseTask({ db, key: 'cat', actor: ada });
    await resumeTask({ db, key: 'cat', actor: ada });
    const card = await db.task.findUniqueOrThrow({ where: { key: 'cat' } });
    const moved = await moveTask({ db, key: 'cat', toStatus: 'in_progress', expectedBoardVersion: card.boardVersion, actor: ada });
    await cancelRun({ db, runId: moved.queuedRunId!, actor: ada });
    await setWipLimit({ db, status: 'in_progress', wipLimit: 3, actor: ada });
    await createUser({ db, email: 'ada@example.test', password: PASSWORD, role: 'admin', actor: SYSTEM_ACTOR });
    await createUser({ db, email: 'bob@example.test', password: PASSWORD, role: 'viewer', actor: ada });
    await setUserRole({ db, email: 'bob@example.test', role: 'operator', actor: ada });
    await setUserDisabled({ db, email: 'bob@example.test', disabled: true, actor: ada });
    await setUserDisabled({ db, email: 'bob@example.test', disabled: false, actor: ada });
    await signIn({ db, email: 'ada@example.test', password: PASSWORD, ip: '10.0.0.1' });
    const { summary } = await createApiToken({ db, email: 'bob@example.test', name: 'deploy', actor: ada });
    await revokeApiToken({ db, id: summary.id, actor: ada });
    const worker = await registerWorker({ db, name: 'w1', concurrency: 1, version: 'test' });
    await stopWorker({ db, workerId: worker.id, name: worker.name });
    await deleteTask({ db, key: 'cat', actor: ada });

    const stored = await db.event.findMany({ orderBy: { id: 'asc' } });
    expect(stored.map((e) => e.type)).toEqual([
      'task.created',
      'task.updated',
      'task.paused',
      'task.resumed',
      'run.queued',
      'task.moved',
      'run.cancelled',
      'board.wip_limit_set',
      'user.created',
      'user.created',
      'user.role_changed',
      'user.disabled',
      'user.enabled',
      'user.login',
      'user.token_created',
      'user.token_revoked',
      'worker.started',
      'worker.stopped',
      'task.deleted',
    ]);
    const page = await listEvents({ db, limit: 100 });
    for (const e of page.items) {
      expect(isEventType(e.type), e.type).toBe(true);
      // Not the catch-all line `who: type` kept for types the catalogue does not know.
      expect(e.summary, e.type).not.toContain(`: ${e.type}`);
    }
    expect(page.items.find((e) => e.type === 'board.wip_limit_set')?.summary).toBe('ada@example.test set the WIP limit of In progress to 3');
    expect(page.items.find((e) => e.type === 'task.moved')?.summary).toBe('ada@example.test moved cat to In progress');
    expect(Object.keys(EVENT_TYPES)).toEqual(expect.arrayContaining(stored.map((e) => e.type)));
  });

  it('the activity filter takes catalogue types and families, and refuses anything else with a 400', async () => {
    const family = await call('events.list', { type: 'user' });
    const star = await call('events.list', { type: 'user.*' });
    expect(family.status).toBe(200);
    expect(family.data!.items.map((e) => e.type)).toEqual(['user.token_revoked', 'user.token_created', 'user.login', 'user.enabled', 'user.disabled', 'user.role_changed', 'user.created', 'user.created']);
    expect(star.data!.items).toEqual(family.data!.items);
    const exact = await call('events.list', { type: 'run.cancelled' });
    expect(exact.data!.items.map((e) => e.type)).toEqual(['run.cancelled']);
    const bad = await call('events.list', { type: 'run.exploded' });
    expect(bad.status).toBe(400);
    expect(bad.error?.data.fieldErrors).toEqual({ type: ['type is an event type such as run.failed, or a family such as run'] });
  });
});
