// Limits and hostile values at the transport, through the real route handlers
// (tRPC's and the sign-in route): a body over 1 MiB is a 413, a batch over 50
// calls a 400, and deep JSON, a lone surrogate, an absurd date or a null body
// are 400s that say what was wrong, never a 500; no message echoes more than
// 200 characters of what was sent.
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as login } from '../../app/api/auth/login/route';
import { GET as trpcGet, POST as trpcPost } from '../../app/api/trpc/[trpc]/route';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { createApiToken } from '../../server/auth/api-tokens';
import { getDb } from '../../server/db';
import { MAX_BODY_BYTES, MAX_TRPC_BATCH } from '../../server/http/limits';
import { createUser } from '../../server/users/create-user';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const ORIGIN = 'http://cronboard.test';

type ErrorBody = { error?: { json?: { message: string; data?: { code: string } } } | string };

describe(`transport limits on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });
  let auth: Record<string, string> = {};

  beforeAll(async () => {
    await createUser({ db: t.db, email: 'root@limits.test', password: 'correct horse battery', role: 'admin', actor: SYSTEM_ACTOR });
    auth = { authorization: `Bearer ${(await createApiToken({ db: t.db, email: 'root@limits.test', name: 'limits', actor: SYSTEM_ACTOR })).token}` };
  });

  async function mutate(path: string, body: BodyInit | null, headers: Record<string, string> = {}) {
    const req = new Request(`${ORIGIN}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth, ...headers }, body, duplex: 'half' } as RequestInit);
    const res = await trpcPost(req);
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as ErrorBody | ErrorBody[] };
  }
  const message = (body: ErrorBody | ErrorBody[]) => {
    const one = Array.isArray(body) ? body[0]! : body;
    return typeof one.error === 'string' ? one.error : (one.error?.json?.message ?? '');
  };
  const task = (extra: Record<string, unknown>) => JSON.stringify(superjson.serialize({ key: 'limits', name: 'Limits', kind: 'shell', command: 'true', ...extra }));

  it('a body over 1 MiB is refused with 413 and a JSON error, with or without Content-Length', async () => {
    const big = task({ description: 'x'.repeat(MAX_BODY_BYTES) });
    const declared = await mutate('tasks.create', big);
    expect(declared.status).toBe(413);
    expect(message(declared.body)).toBe('The request body is larger than 1 MiB.');
    // Streamed, no Content-Length: counted as it arrives.
    const chunks = new TextEncoder().encode(big);
    const stream = new ReadableStream({ start(c) { for (let i = 0; i < chunks.length; i += 65_536) c.enqueue(chunks.slice(i, i + 65_536)); c.close(); } });
    expect((await mutate('tasks.create', stream)).status).toBe(413);
    expect(await (await getDb()).task.count()).toBe(0);

    const signIn = await login(new Request(`${ORIGIN}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(MAX_BODY_BYTES) }) }));
    expect([signIn.status, await signIn.json()]).toEqual([413, { error: 'The request body is larger than 1 MiB.' }]);
  });

  it(`a tRPC batch of more than ${MAX_TRPC_BATCH} calls is a 400; ${MAX_TRPC_BATCH} are fine`, async () => {
    const batch = (n: number) => {
      const paths = Array.from({ length: n }, () => 'tasks.list').join(',');
      const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: null }]))));
      return trpcGet(new Request(`${ORIGIN}/api/trpc/${paths}?batch=1&input=${input}`, { headers: auth }));
    };
    expect((await batch(MAX_TRPC_BATCH)).status).toBe(200);
    const tooMany = await batch(MAX_TRPC_BATCH + 1);
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(await tooMany.json())).toContain(`at most ${MAX_TRPC_BATCH} calls`);
  });

  it('deep JSON, a lone surrogate, a year-275760 expiry and a null body are 400s with a clear message', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    const tooDeep = await mutate('tasks.create', task({ payload: deep }));
    expect(tooDeep.status).toBe(400);
    expect(message(tooDeep.body)).toMatch(/nested more than \d+ levels deep/);

    const surrogate = await mutate('tasks.create', task({ name: 'bad \ud800 name' }));
    expect(surrogate.status).toBe(400);
    expect(message(surrogate.body)).toMatch(/not valid Unicode \(a lone surrogate\)/);

    const farFuture = await mutate('tokens.create', JSON.stringify(superjson.serialize({ email: 'root@limits.test', name: 'far', expiresAt: new Date(8.64e15) })));
    expect(farFuture.status).toBe(400);
    expect(message(farFuture.body)).toMatch(/expiresAt[\s\S]*year 9999/);

    const nullBody = await mutate('tasks.create', 'null');
    expect(nullBody.status).toBe(400);
    expect(nullBody.text).not.toContain('Cannot destructure');
    const garbage = await mutate('tasks.create', '{"json": ');
    expect(garbage.status).toBe(400);
    expect(await (await getDb()).task.count()).toBe(0);
  });

  it('error messages echo at most 200 characters of the input', async () => {
    const long = 'z'.repeat(5000);
    for (const extra of [{ schedule: `every ${long}` }, { timezone: long }, { key: long }, { httpUrl: long, kind: 'http' }]) {
      const answer = await mutate('tasks.create', task(extra));
      expect(answer.status, JSON.stringify(extra).slice(0, 40)).toBe(400);
      expect(Math.max(0, ...(answer.text.match(/z+/g) ?? []).map((run) => run.length)), JSON.stringify(extra).slice(0, 40)).toBeLessThanOrEqual(200);
    }
  });
});
