// The run log route handlers (SSE follow and Download) called as Next.js calls
// them, a Request in and a Response out, on a real database (both providers).

import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '../../server/db';
import { tokenFor } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

describe(`run log routes on ${provider}`, () => {
  useTestDatabase({ app: true });
  let db: Db;
  let follow: Handler;
  let download: Handler;
  let taskId: number;
  let viewerToken: string;

  beforeAll(async () => {
    db = await getDb();
    taskId = (await db.task.create({ data: { key: 'routes', name: 'routes', kind: 'shell', command: 'true', timezone: 'UTC' } }))
      .id;
    viewerToken = await tokenFor(db, 'viewer', { email: 'viewer@routes.test' });
    follow = (await import('../../app/api/runs/[id]/logs/route')).GET;
    download = (await import('../../app/api/runs/[id]/logs/download/route')).GET;
  });

  /** As a viewer (the routes' minimum role), with an API token; `anonymous` sends no credentials. */
  const call = (handler: Handler, id: string, init?: RequestInit, anonymous = false) => {
    const headers = new Headers(init?.headers);
    if (!anonymous) headers.set('authorization', `Bearer ${viewerToken}`);
    return handler(new Request(`http://localhost/api/runs/${id}/logs`, { ...init, headers }), { params: Promise.resolve({ id }) });
  };

  it('refuses anonymous callers with 401, before looking the run up', async () => {
    for (const handler of [follow, download]) {
      const response = await call(handler, '999999', undefined, true);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: string }).error).toMatch(/sign in/i);
    }
  });

  it('streams the log as server-sent events and ends the stream when the run is finished', async () => {
    const run = await db.run.create({ data: { taskId, trigger: 'manual', status: 'running', startedAt: new Date() } });
    await db.runLog.create({ data: { runId: run.id, seq: 1, stream: 'stdout', data: 'one\n' } });
    const response = await call(follow, String(run.id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    setTimeout(() => {
      void (async () => {
        await db.runLog.create({ data: { runId: run.id, seq: 2, stream: 'stderr', data: 'two\n' } });
        await db.run.update({ where: { id: run.id }, data: { status: 'failed', finishedAt: new Date() } });
      })();
    }, 300);
    // The body ends by itself: the handler closes the stream after `end`.
    const text = await response.text();
    expect(text).toMatch(/id: 1\nevent: chunks\ndata: .*"one\\n"/);
    expect(text).toMatch(/id: 2\nevent: chunks\ndata: .*"stream":"stderr".*"two\\n"/);
    expect(text.trim().split('\n\n').at(-1)).toMatch(/^event: end\ndata: \{"kind":"end","status":"failed"/);
  });

  it('resumes after Last-Event-ID', async () => {
    const run = await db.run.create({ data: { taskId, trigger: 'manual', status: 'succeeded', finishedAt: new Date() } });
    await db.runLog.createMany({
      data: [1, 2, 3].map((seq) => ({ runId: run.id, seq, stream: 'stdout', data: `line ${seq}\n` })),
    });
    const text = await (await call(follow, String(run.id), { headers: { 'Last-Event-ID': '2' } })).text();
    expect(text).not.toContain('line 1');
    expect(text).not.toContain('line 2');
    expect(text).toContain('line 3');
  });

  it('stops following when the client disconnects', async () => {
    const run = await db.run.create({ data: { taskId, trigger: 'manual', status: 'running', startedAt: new Date() } });
    const abort = new AbortController();
    const response = await call(follow, String(run.id), { signal: abort.signal });
    const reader = response.body!.getReader();
    await reader.read(); // retry: hint
    abort.abort();
    await reader.cancel();
    // The stream is done: a read resolves at once instead of waiting for the run.
    const next = await Promise.race([reader.read().then(() => 'done'), new Promise((r) => setTimeout(() => r('hung'), 3_000))]);
    expect(next).toBe('done');
  });

  it('answers a missing run with 404 and a bad id with 400, saying what was wrong', async () => {
    const missing = await call(follow, '999999');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/No run with id 999999/);
    const bad = await call(download, 'abc');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/positive whole number, got 'abc'/);
  });

  it('downloads the log as a plain-text attachment', async () => {
    const run = await db.run.create({ data: { taskId, trigger: 'manual', status: 'succeeded', finishedAt: new Date() } });
    await db.runLog.createMany({
      data: [
        { runId: run.id, seq: 1, stream: 'system', data: '$ echo hi' },
        { runId: run.id, seq: 2, stream: 'stdout', data: 'hi <b>\n' },
      ],
    });
    const response = await call(download, String(run.id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="run-${run.id}.log"`);
    expect(await response.text()).toBe('[cronboard] $ echo hi\nhi <b>\n');
  });
});
