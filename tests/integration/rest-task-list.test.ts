// GET /api/v1/tasks item by item (both providers): the exact shape of a list
// item, labels with their colours, and the filters (status, label, paused, q
// with LIKE's wildcards taken literally and case-insensitive) with the cursor.
// It pins what the list answers so the query behind it can change (issue 12).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { selectTaskPage } from '../../server/tasks/task-page-sql';
import { taskViewSelect } from '../../server/tasks/task-view';
import { restSession, type RestClient } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

interface Page {
  items: Record<string, unknown>[];
  next_cursor: string | null;
}
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe(`GET /api/v1/tasks on ${testProvider()}`, () => {
  useTestDatabase({ app: true });
  let db: Db, api: RestClient, editor: string;
  const list = async (query = '') => {
    const answer = await api.call<Page>('GET', `/tasks${query}`, { token: editor });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    ({ db, api, tokens: [editor] } = await restSession(['editor']));
    const create = (body: object) => api.call('POST', '/tasks', { token: editor, body });
    expect((await create({ key: 'list-backup', name: 'Nightly 100% backup', command: 'tar czf /tmp/b.tgz /srv', schedule: '0 2 * * *', timezone: 'Europe/Berlin', labels: ['ops', 'nightly'], priority: 'high', assignee: 'ada', description: 'All of /srv' })).status).toBe(200);
    expect((await create({ key: 'list_ping', name: 'Ping', kind: 'http', httpMethod: 'GET', httpUrl: 'https://example.test/health', schedule: '*/5 * * * *', labels: ['ops'] })).status).toBe(200);
    expect((await create({ key: 'list-plain', name: 'Plain', command: 'true' })).status).toBe(200);
    expect((await api.call('POST', '/tasks/list-plain/pause', { token: editor })).status).toBe(200);
    await db.label.update({ where: { name: 'ops' }, data: { color: '#ff0000' } });
  });

  it('answers each task with exactly the list fields, labels with colours, times in ISO', async () => {
    const page = await list();
    expect(page.next_cursor).toBeNull();
    expect(page.items.map((t) => t.key)).toEqual(['list-backup', 'list_ping', 'list-plain']);
    const backup = page.items[0]!;
    expect(Object.keys(backup).sort()).toEqual(
      ['assignee', 'boardVersion', 'command', 'createdAt', 'description', 'handler', 'httpMethod', 'httpUrl', 'id', 'key', 'kind', 'labels', 'lastRunAt', 'lastRunStatus', 'managedIn', 'maxRetries', 'misfire', 'name', 'nextRunAt', 'overlap', 'paused', 'position', 'priority', 'schedule', 'scheduleDescription', 'scheduleKind', 'scriptInterpreter', 'source', 'status', 'timeoutSeconds', 'timezone', 'updatedAt', 'version'].sort(),
    );
    expect(backup).toMatchObject({
      key: 'list-backup', name: 'Nightly 100% backup', description: 'All of /srv', kind: 'shell', command: 'tar czf /tmp/b.tgz /srv', httpMethod: null, httpUrl: null, handler: null, scriptInterpreter: null,
      schedule: '0 2 * * *', scheduleKind: 'cron', timezone: 'Europe/Berlin', priority: 'high', status: 'todo', paused: false, assignee: 'ada',
      lastRunAt: null, lastRunStatus: null, version: 1, source: 'api', managedIn: null,
    });
    expect([...(backup.labels as { name: string }[])].sort((a, b) => a.name.localeCompare(b.name))).toEqual([{ name: 'nightly', color: null }, { name: 'ops', color: '#ff0000' }]);
    expect(backup.scheduleDescription).toMatch(/02:00/);
    for (const field of ['createdAt', 'updatedAt', 'nextRunAt'] as const) expect(backup[field]).toMatch(ISO);
    expect(typeof backup.id).toBe('number');
    expect(typeof backup.position).toBe('number');
    expect(typeof backup.boardVersion).toBe('number');
    expect(page.items[1]).toMatchObject({ key: 'list_ping', kind: 'http', httpMethod: 'GET', httpUrl: 'https://example.test/health', command: null, labels: [{ name: 'ops', color: '#ff0000' }] });
    expect(page.items[2]).toMatchObject({ key: 'list-plain', paused: true, labels: [], schedule: 'manual', nextRunAt: null, version: 2 });
  });

  it('filters by status, label, paused and q (wildcards literal, any case), and pages with the cursor', async () => {
    const keys = async (query: string) => (await list(query)).items.map((t) => t.key);
    expect(await keys('?label=ops')).toEqual(['list-backup', 'list_ping']);
    expect(await keys('?label=nightly&paused=false')).toEqual(['list-backup']);
    expect(await keys('?paused=true')).toEqual(['list-plain']);
    expect(await keys('?status=todo&label=ops')).toEqual(['list-backup', 'list_ping']);
    expect(await keys('?status=done')).toEqual([]);
    expect(await keys('?q=NIGHTLY')).toEqual(['list-backup']);
    expect(await keys(`?q=${encodeURIComponent('100%')}`)).toEqual(['list-backup']);
    expect(await keys(`?q=${encodeURIComponent('%')}`)).toEqual(['list-backup']);
    expect(await keys('?q=list_')).toEqual(['list_ping']);
    expect(await keys('?q=ping&label=ops&paused=false&status=todo')).toEqual(['list_ping']);
    const first = await list('?limit=2');
    expect(first.items.map((t) => t.key)).toEqual(['list-backup', 'list_ping']);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await list(`?limit=2&cursor=${first.next_cursor}`);
    expect(second).toMatchObject({ items: [{ key: 'list-plain' }], next_cursor: null });
  });

  it("reads the same rows as Prisma's findMany with the labels relation, filter by filter", async () => {
    const byName = <T extends { labels: { name: string }[] }>(rows: T[]) => rows.map((r) => ({ ...r, labels: [...r.labels].sort((a, b) => a.name.localeCompare(b.name)) }));
    const cases = [
      [{}, {}],
      [{ label: 'ops' }, { labels: { some: { name: 'ops' } } }],
      [{ paused: true }, { paused: true }],
      [{ status: 'todo' as const, paused: false }, { status: 'todo', paused: false }],
    ] as const;
    for (const [filters, where] of cases) {
      const ours = await selectTaskPage({ db, filters, take: 10 });
      const prisma = await db.task.findMany({ where, select: taskViewSelect, orderBy: { id: 'asc' }, take: 10 });
      expect(ours.length).toBeGreaterThan(0);
      expect(byName(ours)).toEqual(byName(prisma));
    }
    const first = await db.task.findFirstOrThrow({ orderBy: { id: 'asc' } });
    expect(byName(await selectTaskPage({ db, filters: {}, cursor: first.id, take: 1 }))).toEqual(byName(await db.task.findMany({ where: { id: { gt: first.id } }, select: taskViewSelect, orderBy: { id: 'asc' }, take: 1 })));
  });
});
