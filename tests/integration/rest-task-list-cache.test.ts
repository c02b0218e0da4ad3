// GET /api/v1/tasks conditional and cached (server/http/list-cache.ts), both
// providers: a 200 carries an ETag and the same request with If-None-Match is
// a 304; the role and the query are part of the key; and a change made
// anywhere (this process, another database client, the real CLI, a worker
// finishing a run, a label's colour) is in the very next answer, never a kept
// page from before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle, type Db } from '../../server/db';
import { runBin } from './helpers/processes';
import { restSession, type RestAnswer, type RestClient } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, testConfig, waitForRunToFinish } from './helpers/worker-harness';

interface Page {
  items: { key: string; name: string; paused: boolean; lastRunStatus: string | null; labels: { name: string; color: string | null }[] }[];
  next_cursor: string | null;
}

describe(`GET /api/v1/tasks, conditional and cached, on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });
  let db: Db, api: RestClient, viewer: string, editor: string, other: DatabaseHandle;
  const get = (query: string, token: string, headers: Record<string, string> = {}) => api.call<Page>('GET', `/tasks${query}`, { token, headers });
  const page = async (query = '', token = viewer): Promise<RestAnswer<Page>> => {
    const answer = await get(query, token);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer;
  };
  const item = async (key: string) => (await page()).body.items.find((i) => i.key === key);

  beforeAll(async () => {
    ({ db, api, tokens: [viewer, editor] } = await restSession(['viewer', 'editor']));
    // Another process's database client: its writes are unknown to this process except through the database.
    other = await openDatabase(t.url);
    for (const [key, labels] of [['cache-a', ['ops']], ['cache-b', []], ['cache-c', ['ops']]] as const) {
      expect((await api.call('POST', '/tasks', { token: editor, body: { key, name: key, command: 'true', labels } })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await other?.close();
  });

  it('answers 304 to If-None-Match with the current ETag, and the same page again without it', async () => {
    const first = await page();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('', viewer, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('x-request-id')).toBeTruthy();
    // A list of ETags, a weak one among them, matches too; another ETag does not.
    expect((await get('', viewer, { 'if-none-match': `"nope", W/${etag!}` })).status).toBe(304);
    const plain = await get('', viewer, { 'if-none-match': '"nope"' });
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual(first.body);
    expect(plain.headers.get('etag')).toBe(etag);
  });

  it('keys by role and query: another role or filter gets its own ETag and page', async () => {
    const all = await page('', viewer);
    const asEditor = await page('', editor);
    expect(asEditor.body).toEqual(all.body);
    expect(asEditor.headers.get('etag')).not.toBe(all.headers.get('etag'));
    expect((await get('', editor, { 'if-none-match': all.headers.get('etag')! })).status).toBe(200);
    const ops = await page('?label=ops');
    expect(ops.body.items.map((i) => i.key)).toEqual(['cache-a', 'cache-c']);
    expect(ops.headers.get('etag')).not.toBe(all.headers.get('etag'));
    expect((await get('?label=ops', viewer, { 'if-none-match': all.headers.get('etag')! })).status).toBe(200);
    const two = await page('?limit=2');
    expect(two.body.items).toHaveLength(2);
    expect((await page('?limit=2')).body).toEqual(two.body);
    expect((await page('')).body.items.map((i) => i.key)).toEqual(['cache-a', 'cache-b', 'cache-c']);
    // Errors are never kept: a bad query stays a 422, an anonymous call a 401.
    expect((await get('?limit=0', viewer)).status).toBe(422);
    expect((await get('?limit=0', viewer)).status).toBe(422);
    expect((await api.call('GET', '/tasks', { token: null })).status).toBe(401);
  });

  it('sends the kept page as plain JSON even to a client asking for gzip (Next.js compresses it; a gzipped body would be gzipped twice)', async () => {
    const plain = await page();
    const asked = await api.call<Page>('GET', '/tasks', { token: viewer, headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(asked.status).toBe(200);
    expect(asked.headers.get('content-encoding')).toBeNull();
    expect(asked.body).toEqual(plain.body);
  });

  it('never serves a page from before a change, whoever made it', async () => {
    const before = await page();
    // Another database client renames a task (Prisma: updatedAt moves).
    await other.db.task.update({ where: { key: 'cache-b' }, data: { name: 'Renamed elsewhere' } });
    expect((await get('', viewer, { 'if-none-match': before.headers.get('etag')! })).status).toBe(200);
    expect((await item('cache-b'))?.name).toBe('Renamed elsewhere');
    // A label's colour: not a task row at all.
    await other.db.label.update({ where: { name: 'ops' }, data: { color: '#00aa00' } });
    expect((await item('cache-a'))?.labels).toEqual([{ name: 'ops', color: '#00aa00' }]);
    // A label taken off a task.
    await other.db.task.update({ where: { key: 'cache-c' }, data: { labels: { set: [] } } });
    expect((await page('?label=ops')).body.items.map((i) => i.key)).toEqual(['cache-a']);
    // A task created and one deleted elsewhere.
    await other.db.task.delete({ where: { key: 'cache-c' } });
    expect((await page()).body.items.map((i) => i.key)).toEqual(['cache-a', 'cache-b']);
  });

  it('shows a pause made by the real CLI process on the next request', { timeout: 120_000 }, async () => {
    expect((await item('cache-a'))?.paused).toBe(false);
    const cli = await runBin(t.url, ['pause', 'cache-a']);
    expect(cli.code, cli.stderr).toBe(0);
    expect((await item('cache-a'))?.paused).toBe(true);
  });

  it("shows a worker's finished run (last run status) on the next request", { timeout: 60_000 }, async () => {
    expect((await item('cache-b'))?.lastRunStatus).toBeNull();
    const queued = await api.call<{ runIds: number[] }>('POST', '/tasks/cache-b/run', { token: editor });
    expect(queued.status, JSON.stringify(queued.body)).toBe(200);
    const cached = await page();
    expect(cached.body.items.find((i) => i.key === 'cache-b')?.lastRunStatus).toBeNull();
    const worker = inProcessWorker(other.db, testConfig(t.url));
    await worker.start();
    try {
      const run = await waitForRunToFinish(db, queued.body.runIds[0]!);
      expect(run.status).toBe('succeeded');
    } finally {
      await worker.stop();
    }
    const next = await get('', viewer, { 'if-none-match': cached.headers.get('etag')! });
    expect(next.status).toBe(200);
    expect(next.body.items.find((i) => i.key === 'cache-b')?.lastRunStatus).toBe('succeeded');
  });
});
