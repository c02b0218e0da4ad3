// The REST API's errors and limits on a real database (both providers): one
// JSON shape and the mapped status for every failure, X-Request-Id on every
// answer, body limits, tokens with a role below their user's, and pages that
// neither repeat nor skip a task while tasks are being created.

import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { createApiToken } from '../../server/auth/api-tokens';
import type { Db } from '../../server/db';
import { restSession, tokenFor, type ApiErrorJson, type RestClient } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

describe(`REST errors and limits on ${testProvider()}`, () => {
  useTestDatabase({ app: true });
  let db: Db, api: RestClient, editor: string;
  beforeAll(async () => {
    ({ db, api, tokens: [editor] } = await restSession([{ role: 'editor', email: 'editor@errors.test' }]));
  });

  const expectError = (answer: { status: number; body: unknown }, status: number, code: string) => {
    expect(answer.status).toBe(status);
    const body = answer.body as ApiErrorJson;
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.message).not.toMatch(/\n\s+at |\/work\/|node_modules/);
    return body.error;
  };

  it('401 without credentials, 401 for a wrong token', async () => {
    // An anonymous caller is told how to authenticate.
    expect(expectError(await api.call('GET', '/tasks'), 401, 'UNAUTHORIZED').message).toMatch(/Authorization: Bearer/);
    expectError(await api.call('GET', '/tasks', { token: 'cbt_not-a-token' }), 401, 'UNAUTHORIZED');
  });

  it('422 VALIDATION_FAILED naming each field the schema refuses; 400 INVALID_SCHEDULE naming the schedule field', async () => {
    const invalid = expectError(await api.call('POST', '/tasks', { token: editor, body: { key: 'Bad Key', command: 'true' } }), 422, 'VALIDATION_FAILED');
    expect(Object.keys(invalid.fields).sort()).toEqual(['key', 'name']);
    expect(invalid.fields.key).toMatch(/lowercase/);
    // A missing field says so, not zod's "Invalid input: expected string, received undefined".
    expect(invalid.fields.name).toBe('is required');
    expect(invalid.message).toContain('name: is required');
    const schedule = expectError(await api.call('POST', '/tasks', { token: editor, body: { key: 'sched', name: 'S', command: 'true', schedule: '61 * * * *' } }), 400, 'INVALID_SCHEDULE');
    expect(schedule.fields.schedule).toMatch(/61/);
    expect(typeof schedule.fields.schedule).toBe('string');
  });

  it('400 for a body that is not JSON or not an object, 413 past 1 MiB, 404 for an unknown route', async () => {
    expect(expectError(await api.call('POST', '/tasks', { token: editor, rawBody: '{"key":' }), 400, 'BAD_REQUEST').message).toMatch(/JSON/);
    expect(expectError(await api.call('POST', '/tasks', { token: editor, rawBody: '[1,2]' }), 400, 'BAD_REQUEST').message).toMatch(/object/);
    const big = JSON.stringify({ key: 'big', name: 'x'.repeat(1024 * 1024 + 10), command: 'true' });
    expect(expectError(await api.call('POST', '/tasks', { token: editor, rawBody: big }), 413, 'PAYLOAD_TOO_LARGE').message).toMatch(/1 MiB/);
    expect(expectError(await api.call('GET', '/nothing-here', { token: editor }), 404, 'NOT_FOUND').message).toMatch(/openapi\.json/);
    expect(await db.task.count({ where: { key: 'big' } })).toBe(0);
  });

  it('409 CONFLICT for a duplicate key; the request id is the caller\'s when given, else a fresh one on every answer', async () => {
    await api.call('POST', '/tasks', { token: editor, body: { key: 'dup', name: 'Dup', command: 'true' } });
    const dup = await api.call('POST', '/tasks', { token: editor, body: { key: 'dup', name: 'Dup', command: 'true' }, headers: { 'x-request-id': 'trace-42' } });
    expect(expectError(dup, 409, 'CONFLICT').message).toMatch(/already exists/);
    expect(dup.headers.get('x-request-id')).toBe('trace-42');
    const a = await api.call('GET', '/tasks/dup', { token: editor });
    const b = await api.call('GET', '/tasks/dup', { token: editor, headers: { 'x-request-id': 'bad id with spaces' } });
    expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  it('a token created with a role below its user\'s acts with that role; one above is refused', async () => {
    await tokenFor(db, 'admin', { email: 'boss@errors.test' });
    const readOnly = (await createApiToken({ db, email: 'boss@errors.test', name: 'dashboards', role: 'viewer', actor: SYSTEM_ACTOR })).token;
    expect((await api.call<{ role: string }>('GET', '/me', { token: readOnly })).body.role).toBe('viewer');
    expect((await api.call('GET', '/tasks', { token: readOnly })).status).toBe(200);
    expectError(await api.call('POST', '/tasks', { token: readOnly, body: { key: 'nope', name: 'N', command: 'true' } }), 403, 'FORBIDDEN');
    await expect(createApiToken({ db, email: 'editor@errors.test', name: 'too high', role: 'admin', actor: SYSTEM_ACTOR })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      issues: [{ path: 'role', message: "must not be above the user's role (editor)" }],
    });
  });

  it('pages through tasks without a repeat or a gap while tasks are created between pages', async () => {
    await db.task.deleteMany({});
    for (let i = 0; i < 10; i++) await api.call('POST', '/tasks', { token: editor, body: { key: `page-${i}`, name: `Page ${i}`, command: 'true', labels: i % 2 ? ['odd'] : [] } });
    const before = (await db.task.findMany({ select: { key: true } })).map((t) => t.key);
    const seen: string[] = [];
    let cursor: string | null = null;
    let n = 0;
    do {
      const page: { body: { items: { key: string }[]; next_cursor: string | null } } = await api.call('GET', `/tasks?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: editor });
      seen.push(...page.body.items.map((t) => t.key));
      cursor = page.body.next_cursor;
      await api.call('POST', '/tasks', { token: editor, body: { key: `late-${n++}`, name: 'Late', command: 'true' } });
    } while (cursor && n < 30);
    expect(new Set(seen).size).toBe(seen.length);
    for (const key of before) expect(seen).toContain(key);
    const odd = await api.call<{ items: { key: string }[] }>('GET', '/tasks?label=odd&q=PAGE&paused=false', { token: editor });
    expect(odd.body.items.map((t) => t.key)).toEqual(['page-1', 'page-3', 'page-5', 'page-7', 'page-9']);
    expectError(await api.call('GET', '/tasks?cursor=abc', { token: editor }), 422, 'VALIDATION_FAILED');
  });
});

describe(`REST rate limit on ${testProvider()}`, () => {
  useTestDatabase({ app: true, env: { API_RATE_LIMIT_PER_MINUTE: '3' } });

  it('answers 429 with Retry-After past API_RATE_LIMIT_PER_MINUTE for that token, and not for another', async () => {
    const { api, tokens: [first, second] } = await restSession(['viewer', 'viewer']);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.call('GET', '/workers', { token: first })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api.call<ApiErrorJson>('GET', '/workers', { token: first });
    expect(limited.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await api.call('GET', '/workers', { token: second })).status).toBe(200);
  });
});
