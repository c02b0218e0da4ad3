// The read path of `cronboard list` (issue 16): listTasks reads with the REST
// list's statement through queryRows, which talks to the driver adapter
// directly instead of through Prisma's query compiler. Pinned here: the same
// tasks in the same board order as Prisma's findMany gave, across several
// statements when the list is longer than one; Prisma and queryRows share one
// connection; and a handle closes the connection whichever of them opened it.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrateDatabase, openDatabase } from '../../server/db';
import { queryRows } from '../../server/db/query-rows';
import { TASK_STATUSES } from '../../server/tasks/constants';
import { listTasks } from '../../server/tasks/list-tasks';
import { taskViewSelect, toTaskView } from '../../server/tasks/task-view';
import { createTestDatabase, testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

/** What listTasks answered before it read through queryRows: Prisma's findMany, then columns in board order. */
async function prismaBoardOrder(db: Parameters<typeof listTasks>[0]['db'], where: object = {}) {
  const rows = await db.task.findMany({ where, select: taskViewSelect, orderBy: [{ position: 'asc' }, { id: 'asc' }] });
  const column = (s: string) => (TASK_STATUSES as readonly string[]).indexOf(s);
  return rows.map(toTaskView).sort((a, b) => column(a.status) - column(b.status));
}

/** Server processes connected to this database, other than the asking one. */
async function pgBackends(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe(`the list read path on ${testProvider()}`, () => {
  const t = useTestDatabase();

  it('lists every task in board order with its labels, as findMany did, over more than one statement', async () => {
    const statuses = ['done', 'todo', 'in_review', 'cancelled', 'in_progress'] as const;
    // 1,003 tasks: more than one statement's worth (1,000), positions interleaved across columns.
    await t.db.task.createMany({
      data: Array.from({ length: 1003 }, (_, i) => ({
        key: `bulk-${i}`,
        name: `Bulk ${i}`,
        kind: 'shell',
        command: 'true',
        schedule: '0 2 * * *',
        timezone: 'UTC',
        status: statuses[i % statuses.length],
        position: (1003 - i) * 10,
        paused: i % 7 === 0,
        nextRunAt: i % 3 === 0 ? null : new Date(Date.UTC(2030, 0, 1, 2, i % 60)),
      })),
    });
    await t.db.task.update({ where: { key: 'bulk-1' }, data: { labels: { create: [{ name: 'ops', color: '#ff0000' }, { name: 'nightly' }] } } });
    await t.db.task.update({ where: { key: 'bulk-2' }, data: { labels: { connect: [{ name: 'ops' }] } } });

    const listed = await listTasks({ db: t.db });
    expect(listed).toHaveLength(1003);
    expect(listed).toEqual(await prismaBoardOrder(t.db));
    expect(listed.find((task) => task.key === 'bulk-1')?.labels).toEqual([
      { name: 'ops', color: '#ff0000' },
      { name: 'nightly', color: null },
    ]);
    expect(listed.map((task) => task.status).slice(0, 3)).toEqual(['todo', 'todo', 'todo']);

    // The filters read the same tasks as Prisma's where clauses.
    expect(await listTasks({ db: t.db, status: 'in_review' })).toEqual(await prismaBoardOrder(t.db, { status: 'in_review' }));
    expect(await listTasks({ db: t.db, paused: true })).toEqual(await prismaBoardOrder(t.db, { paused: true }));
    expect((await listTasks({ db: t.db, label: 'ops' })).map((task) => task.key)).toEqual(['bulk-1', 'bulk-2']);
  });

  it('shares one connection with Prisma, and closing the handle closes it whichever opened it', async () => {
    // A database of its own: the file's fixture holds a connection to its database throughout.
    const scratch = await createTestDatabase();
    try {
      await migrateDatabase({ url: scratch.url });
      const closed = async (handle: { sqliteFile: { path: string } | null }) => {
        if (scratch.provider === 'postgresql') expect(await pgBackends(scratch.url)).toBe(0);
        // SQLite deletes the write-ahead log when the last connection to the file closes.
        else expect(existsSync(`${handle.sqliteFile!.path}-wal`)).toBe(false);
      };

      // queryRows alone (Prisma never queries), then close.
      const first = await openDatabase(scratch.url);
      expect((await queryRows<{ one: unknown }>(first.db, 'SELECT 1 AS one')).map((r) => Number(r.one))).toEqual([1]);
      if (scratch.provider === 'postgresql') expect(await pgBackends(scratch.url)).toBe(1);
      await first.close();
      await closed(first);

      // Both on one connection, again after Prisma's own $disconnect (both reconnect), then close.
      const second = await openDatabase(scratch.url);
      const count = async () => (await queryRows<{ n: unknown }>(second.db, 'SELECT count(*) AS n FROM "Task"')).map((r) => Number(r.n));
      await second.db.task.create({ data: { key: 'one', name: 'One', kind: 'shell', command: 'true', schedule: '0 2 * * *', timezone: 'UTC' } });
      expect(await count()).toEqual([1]);
      if (scratch.provider === 'postgresql') expect(await pgBackends(scratch.url)).toBe(1);
      await second.db.$disconnect();
      expect(await count()).toEqual([1]);
      expect(await second.db.task.count()).toBe(1);
      if (scratch.provider === 'postgresql') expect(await pgBackends(scratch.url)).toBe(1);
      await second.close();
      await closed(second);
    } finally {
      await scratch.drop();
    }
  });
});
