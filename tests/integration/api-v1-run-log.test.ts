// GET /api/v1/runs/{id}/log as Next.js calls it, on a real database (both providers):
// the log as text/plain, `?follow=1` as server-sent events ending with the run, auth and bad ids.

import { beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from './helpers/rest-client';
import { readSse } from './helpers/sse-reader';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

describe(`GET /api/v1/runs/{id}/log on ${provider}`, () => {
  const t = useTestDatabase({ app: true });
  let GET: Handler;
  let token: string;
  let taskId: number;

  beforeAll(async () => {
    taskId = (
      await t.db.task.create({ data: { key: 'v1-log', name: 'v1-log', kind: 'shell', command: 'true', timezone: 'UTC' } })
    ).id;
    token = await tokenFor(t.db, 'viewer');
    GET = (await import('../../app/api/v1/runs/[id]/log/route')).GET;
  });

  const call = (id: string, query = '', anonymous = false) =>
    GET(
      new Request(`http://localhost/api/v1/runs/${id}/log${query}`, {
        headers: anonymous ? {} : { authorization: `Bearer ${token}` },
      }),
      {
        params: Promise.resolve({ id }),
      },
    );

  it('refuses anonymous callers (401), a bad id (400 naming it) and a missing run (404)', async () => {
    expect((await call('1', '', true)).status).toBe(401);
    expect((await call('1', '?follow=1', true)).status).toBe(401);
    const bad = await call('abc');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/run id in the URL must be a positive whole number, got 'abc'/);
    expect((await call('999999')).status).toBe(404);
    expect((await call('999999', '?follow=1')).status).toBe(404);
  });

  it('answers the log as text/plain, inline, stdout and stderr as written and system lines marked', async () => {
    const run = await t.db.run.create({ data: { taskId, trigger: 'manual', status: 'succeeded', finishedAt: new Date() } });
    await t.db.runLog.createMany({
      data: [
        { runId: run.id, seq: 1, stream: 'stdout', data: 'hello\n' },
        { runId: run.id, seq: 2, stream: 'stderr', data: 'oops\n' },
        { runId: run.id, seq: 3, stream: 'system', data: 'output truncated' },
      ],
    });
    const response = await call(String(run.id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(response.headers.get('x-cronboard-log-complete')).toBe('true');
    expect(await response.text()).toBe('hello\noops\n[cronboard] output truncated\n');
  });

  it('?follow=1 streams new chunks as they are written, then `end` with the final status, and closes', async () => {
    const run = await t.db.run.create({ data: { taskId, trigger: 'manual', status: 'running', startedAt: new Date() } });
    await t.db.runLog.create({ data: { runId: run.id, seq: 1, stream: 'stdout', data: 'first\n' } });
    const response = await call(String(run.id), '?follow=1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sse = readSse(response.body!);
    const [first] = await sse.take(1);
    expect(first).toMatchObject({ id: '1', event: 'chunks' });
    expect(JSON.parse(first!.data!)).toMatchObject({
      chunks: [{ seq: 1, stream: 'stdout', data: 'first\n' }],
      status: 'running',
    });

    await t.db.runLog.create({ data: { runId: run.id, seq: 2, stream: 'stdout', data: 'second\n' } });
    const [second] = await sse.take(1);
    expect(second).toMatchObject({ id: '2', event: 'chunks' });
    await t.db.run.update({ where: { id: run.id }, data: { status: 'timed_out', finishedAt: new Date() } });
    const [end] = await sse.take(1);
    expect(end).toMatchObject({ event: 'end' });
    expect(JSON.parse(end!.data!)).toMatchObject({ kind: 'end', status: 'timed_out' });
    expect(await sse.next()).toBeNull();
  });
});
