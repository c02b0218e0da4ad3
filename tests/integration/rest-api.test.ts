// The REST API (/api/v1) end to end through its route handler, on a real
// database (both providers): tasks from create to delete, If-Match, run now
// with Idempotency-Key (trigger api), runs, events, workers, schedules, me.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { restSession, type ApiErrorJson, type RestClient } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

interface TaskJson {
  key: string;
  kind: string;
  name: string;
  version: number;
  paused: boolean;
  status: string;
  createdAt: string;
}

describe(`REST API on ${testProvider()}`, () => {
  useTestDatabase({ app: true });
  let db: Db, api: RestClient, editor: string, operator: string, viewer: string;
  beforeAll(async () => {
    ({ db, api, tokens: [editor, operator, viewer] } = await restSession(['editor', 'operator', 'viewer']));
  });

  it('creates a task from the form fields, kind inferred from the command, with ISO times', async () => {
    const created = await api.call<TaskJson>('POST', '/tasks', { token: editor, body: { key: 'backup', name: 'Backup', command: 'echo hi' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ key: 'backup', kind: 'shell', name: 'Backup', version: 1, status: 'todo' });
    expect(created.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(created.headers.get('x-request-id')).toBeTruthy();
    const got = await api.call<TaskJson>('GET', '/tasks/backup', { token: viewer });
    expect(got.body).toMatchObject({ key: 'backup', kind: 'shell' });
  });

  it('GET of one task carries its whole definition, and sending it back with PUT changes nothing', async () => {
    const body = {
      key: 'defined', name: 'Defined', command: 'echo $GREETING', env: { GREETING: 'hi' },
      maxRetries: 3, retryBackoff: 'exponential', retryDelaySeconds: 7, timeoutSeconds: 90, overlap: 'queue', misfire: 'skip',
    };
    const created = await api.call('POST', '/tasks', { token: editor, body });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const got = await api.call<TaskJson & Record<string, unknown>>('GET', '/tasks/defined', { token: viewer });
    expect(got.body).toMatchObject({
      env: { GREETING: 'hi' }, maxRetries: 3, retryBackoff: 'exponential', retryDelaySeconds: 7, timeoutSeconds: 90, overlap: 'queue', misfire: 'skip',
    });
    const { id: _id, status: _s, version, createdAt: _c, updatedAt: _u, nextRunAt: _n, lastRunAt: _l, lastRunStatus: _r, labels: _lb, ...fields } = got.body;
    const put = await api.call('PUT', '/tasks/defined', { token: editor, body: fields, headers: { 'if-match': `"${version}"` } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const again = await api.call<Record<string, unknown>>('GET', '/tasks/defined', { token: viewer });
    for (const field of ['command', 'env', 'maxRetries', 'retryBackoff', 'retryDelaySeconds', 'timeoutSeconds', 'overlap', 'misfire', 'schedule', 'priority'])
      expect(again.body[field], field).toEqual(got.body[field]);
  });

  it('refuses a stale If-Match with 412 and writes nothing; the current version succeeds', async () => {
    await api.call('POST', '/tasks', { token: editor, body: { key: 'occ', name: 'OCC', command: 'true' } });
    const first = await api.call<TaskJson>('PATCH', '/tasks/occ', { token: operator, body: { name: 'Renamed' }, headers: { 'if-match': '"1"' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ name: 'Renamed', version: 2 });
    const stale = await api.call<ApiErrorJson>('PATCH', '/tasks/occ', { token: operator, body: { name: 'Lost update' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PRECONDITION_FAILED');
    expect(stale.body.error.message).toMatch(/version 2, you had 1/);
    expect((await db.task.findUniqueOrThrow({ where: { key: 'occ' } })).name).toBe('Renamed');
    const pause = await api.call<ApiErrorJson>('POST', '/tasks/occ/pause', { token: operator, headers: { 'if-match': '1' } });
    expect(pause.status).toBe(412);
    const replaced = await api.call<TaskJson>('PUT', '/tasks/occ', { token: editor, body: { key: 'occ', name: 'Replaced', command: 'echo replaced' }, headers: { 'if-match': 'W/"2"' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'Replaced', version: 3 });
    const badHeader = await api.call<ApiErrorJson>('PATCH', '/tasks/occ', { token: operator, body: { name: 'x' }, headers: { 'if-match': 'yesterday' } });
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.error.fields).toHaveProperty('If-Match');
  });

  it('runs a task once per Idempotency-Key, recording trigger api; without a key each call queues', async () => {
    await api.call('POST', '/tasks', { token: editor, body: { key: 'idem', name: 'Idem', command: 'true' } });
    const headers = { 'idempotency-key': 'req-1' };
    const first = await api.call<{ runIds: number[]; replayed: boolean }>('POST', '/tasks/idem/run', { token: operator, body: { times: 2 }, headers });
    expect(first.status).toBe(200);
    expect(first.body.runIds).toHaveLength(2);
    expect(first.body.replayed).toBe(false);
    const again = await api.call<{ runIds: number[]; replayed: boolean }>('POST', '/tasks/idem/run', { token: operator, body: { times: 2 }, headers });
    expect(again.body).toEqual({ runIds: first.body.runIds, replayed: true });
    const runs = await db.run.findMany({ where: { task: { key: 'idem' } } });
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.trigger === 'api')).toBe(true);
    // The same key for another request is refused, not replayed.
    const other = await api.call<ApiErrorJson>('POST', '/tasks/idem/run', { token: operator, body: { times: 1 }, headers });
    expect(other.status).toBe(409);
    // Another caller's identical key is theirs alone.
    const otherCaller = await api.call<{ replayed: boolean }>('POST', '/tasks/idem/run', { token: editor, body: { times: 2 }, headers });
    expect(otherCaller.body.replayed).toBe(false);
    await api.call('POST', '/tasks/idem/run', { token: operator });
    expect(await db.run.count({ where: { task: { key: 'idem' } } })).toBe(5);
  });

  it('concurrent retries with one Idempotency-Key queue one run', async () => {
    await api.call('POST', '/tasks', { token: editor, body: { key: 'idem-race', name: 'Race', command: 'true' } });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => api.call<{ runIds: number[] }>('POST', '/tasks/idem-race/run', { token: operator, headers: { 'idempotency-key': 'race' } })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.runIds.join(','))).size).toBe(1);
    expect(await db.run.count({ where: { task: { key: 'idem-race' } } })).toBe(1);
  });

  it('lists runs with filters and a cursor, cancels and retries one; a retry through the API records trigger api', async () => {
    const list = await api.call<{ items: { id: number; taskKey: string; trigger: string }[]; next_cursor: string | null }>('GET', '/runs?task=idem&limit=2', { token: viewer });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.next_cursor).not.toBeNull();
    const next = await api.call<{ items: { id: number }[] }>('GET', `/runs?task=idem&limit=2&cursor=${list.body.next_cursor}`, { token: viewer });
    expect(next.body.items.every((r) => r.id < list.body.items[1]!.id)).toBe(true);
    const runId = list.body.items[0]!.id;
    const cancelled = await api.call<{ outcome: string }>('POST', `/runs/${runId}/cancel`, { token: operator });
    expect(cancelled.body).toEqual({ runId, outcome: 'cancelled' });
    const retried = await api.call<{ outcome: string; newRunId: number }>('POST', `/runs/${runId}/retry`, { token: operator });
    expect(retried.body.outcome).toBe('queued');
    expect((await db.run.findUniqueOrThrow({ where: { id: retried.body.newRunId } })).trigger).toBe('api');
    const one = await api.call<{ id: number; status: string }>('GET', `/runs/${runId}`, { token: viewer });
    expect(one.body).toMatchObject({ id: runId, status: 'cancelled' });
    const byTask = await api.call<{ items: { taskKey: string }[] }>('GET', '/tasks/idem/runs?status=queued', { token: viewer });
    expect(byTask.body.items.length).toBeGreaterThan(0);
    expect(byTask.body.items.every((r) => r.taskKey === 'idem')).toBe(true);
    const since = await api.call<{ items: unknown[] }>('GET', `/runs?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: viewer });
    expect(since.body.items).toEqual([]);
  });

  it('moves a card, pauses and enables it, shows stats, events, workers, a schedule preview and who you are', async () => {
    const moved = await api.call<{ task: TaskJson }>('POST', '/tasks/backup/move', { token: operator, body: { column: 'in_review' } });
    expect(moved.status).toBe(200);
    expect(moved.body.task.status).toBe('in_review');
    expect((await api.call<TaskJson>('POST', '/tasks/backup/disable', { token: operator })).body.paused).toBe(true);
    expect((await api.call<TaskJson>('POST', '/tasks/backup/enable', { token: operator })).body.paused).toBe(false);
    const stats = await api.call<{ outcomes: number }>('GET', '/tasks/backup/stats', { token: viewer });
    expect(stats.body.outcomes).toBe(0);
    const events = await api.call<{ items: { type: string; taskKey: string }[] }>('GET', '/events?type=task&task=backup', { token: viewer });
    expect(events.body.items.map((e) => e.type)).toContain('task.created');
    expect(events.body.items.every((e) => e.type.startsWith('task.') && e.taskKey === 'backup')).toBe(true);
    expect((await api.call('GET', '/workers', { token: viewer })).body).toEqual([]);
    const preview = await api.call<{ ok: boolean; next: string[] }>('POST', '/schedules/preview', { token: viewer, body: { schedule: '*/5 * * * *', timezone: 'UTC', count: 3 } });
    expect(preview.body.ok).toBe(true);
    expect(preview.body.next).toHaveLength(3);
    const bad = await api.call<{ ok: boolean; error: { message: string } }>('POST', '/schedules/preview', { token: viewer, body: { schedule: '61 * * * *' } });
    expect(bad.body.ok).toBe(false);
    expect(bad.body.error.message).toMatch(/61/);
    const me = await api.call<{ role: string; type: string }>('GET', '/me', { token: viewer });
    expect(me.body).toMatchObject({ type: 'token', role: 'viewer' });
  });

  it('deletes a task (and 404s it afterwards)', async () => {
    await api.call('POST', '/tasks', { token: editor, body: { key: 'gone', name: 'Gone', httpUrl: 'https://example.test/' } });
    const deleted = await api.call<{ key: string }>('DELETE', '/tasks/gone?force=false', { token: editor });
    expect(deleted.status).toBe(200);
    expect(deleted.body.key).toBe('gone');
    const missing = await api.call<ApiErrorJson>('GET', '/tasks/gone', { token: viewer });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'NOT_FOUND', message: "No task with key 'gone'", fields: {} });
  });
});
