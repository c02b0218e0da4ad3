// A million runs of history (issue 16 item 1): the server time of the queries
// the runs page, the task page history and the task stats make, on a
// database seeded by `npm run seed:perf`, plus the database size per 1,000
// runs. Calls the same services the tRPC procedures call, in this process
// (server time without HTTP or rendering). Prints p95 per query, the median
// and min–max over the repeats, and the load average.
//
//   npm run seed:perf -- --url file:/tmp/perf.db --runs 1000000 --log-bytes 1024 --span-days 60
//   npx tsx scripts/bench-history.ts --url file:/tmp/perf.db [--iterations 40] [--repeats 3] [--only board,stats] [--no-before]
//
// "before" rows time what a change replaced, beside the query that replaced
// it, in the same run with the order alternating between repeats: the exact
// status counts (a groupBy over every matching run) and board.get's old run
// strips (a window over all non-queued runs).
import { statSync } from 'node:fs';
import { closeDatabase, openDatabase, parseDatabaseUrl, type Db } from '../server/db';
import { getBoard } from '../server/board/get-board';
import { STRIP_RUNS } from '../server/board/board-cards';
import { countRuns } from '../server/runs/count-runs';
import { runWhere } from '../server/runs/run-where';
import type { RunFilters } from '../server/runs/schemas';
import { listRuns } from '../server/runs/list-runs';
import { getTaskStats } from '../server/tasks/get-task-stats';
import { listTaskRuns } from '../server/tasks/list-task-runs';
import { arg, databaseUrlArg, loadAverage } from './lib/bench-kit';

const url = databaseUrlArg('bench-history', 'a database seeded by npm run seed:perf');
const ITERATIONS = Number(arg('iterations', '40'));
const REPEATS = Number(arg('repeats', '3'));
/** The old board strips take seconds at 1M runs (12–25 s on SQLite): fewer calls for that group. */
const BOARD_ITERATIONS = Number(arg('board-iterations', '5'));
const load = loadAverage;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeIt(fn: (i: number) => Promise<unknown>, iterations = ITERATIONS): Promise<number> {
  await fn(0); // warm
  const ms: number[] = [];
  for (let i = 1; i <= iterations; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  return p95(ms);
}

/** The runs page's counts before they were bounded (#16): a groupBy over every matching run. */
const exactCounts = (db: Db, filters: RunFilters = {}) =>
  db.run.groupBy({ by: ['status'], where: runWhere(filters, { withStatus: false }), _count: { _all: true } });
/** board.get's run strips before the per-task bounded read (#16). */
const windowStrips = (db: Db) =>
  db.$queryRawUnsafe(
    `SELECT id, "taskId", status, "startedAt", "durationMs", error FROM (
       SELECT id, "taskId", status, "startedAt", "durationMs", error, ROW_NUMBER() OVER (PARTITION BY "taskId" ORDER BY id DESC) AS n
       FROM "Run" WHERE status <> 'queued') AS recent
     WHERE n <= ${STRIP_RUNS} ORDER BY "taskId", id DESC`,
  );

async function main(): Promise<void> {
  const handle = await openDatabase(url);
  const db: Db = handle.db;
  const runs = await db.run.count();
  const tasks = await db.task.count();
  const maxId = (await db.run.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const key = (i: number) => `perf-${(i * 37) % tasks || tasks}`;
  // A cursor 25 pages deep into a task's history (what 'Older' ×25 reaches).
  const deepCursor = async (taskKey: string) => {
    let cursor: string | null = null;
    for (let page = 0; page < 25; page++) cursor = (await listTaskRuns({ db, taskKey, cursor, pageSize: 10 })).older ?? cursor;
    return cursor;
  };
  const deep = await deepCursor(key(1));
  const days = 86_400_000;
  // Each group's queries are timed side by side, the order alternating between repeats.
  const groups: [string, (i: number) => Promise<unknown>][][] = [
    [
      ['runs page 1, no filter: list + exact counts (before)', () => Promise.all([listRuns({ db }), exactCounts(db)])],
      ['runs page 1, no filter: list + counts to 10,000', () => Promise.all([listRuns({ db }), countRuns({ db })])],
    ],
    [
      ['runs page, one task: list + exact counts (before)', (i) => Promise.all([listRuns({ db, filters: { taskKey: key(i) } }), exactCounts(db, { taskKey: key(i) })])],
      ['runs page, one task: list + counts to 10,000', (i) => Promise.all([listRuns({ db, filters: { taskKey: key(i) } }), countRuns({ db, filters: { taskKey: key(i) } })])],
    ],
    [
      ['runs page, last 24 h: list + exact counts (before)', () => Promise.all([listRuns({ db, filters: { from: new Date(Date.now() - days) } }), exactCounts(db, { from: new Date(Date.now() - days) })])],
      ['runs page, last 24 h: list + counts to 10,000', () => Promise.all([listRuns({ db, filters: { from: new Date(Date.now() - days) } }), countRuns({ db, filters: { from: new Date(Date.now() - days) } })])],
    ],
    [['runs page, status=failed: list + counts to 10,000', () => Promise.all([listRuns({ db, filters: { status: 'failed' } }), countRuns({ db, filters: { status: 'failed' } })])]],
    [['runs page, trigger=manual: list + counts to 10,000', () => Promise.all([listRuns({ db, filters: { trigger: 'manual' } }), countRuns({ db, filters: { trigger: 'manual' } })])]],
    [['runs page, keyset page at the middle id', () => listRuns({ db, cursor: Math.floor(maxId / 2) })]],
    [['runs page, status=failed, keyset page at the middle id', () => listRuns({ db, filters: { status: 'failed' }, cursor: Math.floor(maxId / 2) })]],
    [['runs page, one task, keyset page 2', (i) => listRuns({ db, filters: { taskKey: key(i) }, cursor: Math.floor(maxId / 2) })]],
    [['task history, first page', (i) => listTaskRuns({ db, taskKey: key(i), pageSize: 10 })]],
    [['task history, page 26 (keyset)', () => listTaskRuns({ db, taskKey: key(1), cursor: deep, pageSize: 10 })]],
    [['task stats', (i) => getTaskStats({ db, taskKey: key(i) })]],
    [
      ['board run strips: window over all runs (before)', () => windowStrips(db)],
      ['board.get (whole, strips bounded per task)', () => getBoard({ db })],
    ],
  ];
  // --only a,b: the groups with a query whose name contains a or b.
  const only = arg('only')?.split(',');
  console.log(`${handle.provider}: ${runs} runs over ${tasks} tasks; ${ITERATIONS} calls per query (board: ${BOARD_ITERATIONS}), ${REPEATS} repeats; load average ${load()}`);
  // --no-before: leave out the "before" queries (the old board strips take 12–30 s a call on SQLite).
  const noBefore = process.argv.includes('--no-before');
  for (const all of groups) {
    const group = noBefore ? all.filter(([name]) => !name.endsWith('(before)')) : all;
    if (only && !group.some(([name]) => only.some((o) => name.includes(o)))) continue;
    const figures = group.map((): number[] => []);
    for (let r = 0; r < REPEATS; r++) {
      const order = group.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      const iterations = group[0]![0].startsWith('board') ? BOARD_ITERATIONS : ITERATIONS;
      for (const i of order) figures[i]!.push(await timeIt(group[i]![1], iterations));
    }
    group.forEach(([name], i) => {
      const f = figures[i]!;
      console.log(`  ${name.padEnd(60)} p95 median ${median(f).toFixed(1)} ms (min ${Math.min(...f).toFixed(1)}, max ${Math.max(...f).toFixed(1)})  load ${load()}`);
    });
  }
  if (only) return void (await closeDatabase());
  let bytes: number;
  if (handle.provider === 'sqlite') {
    const file = parseDatabaseUrl(url).file!;
    bytes = statSync(file).size;
  } else {
    bytes = Number((await db.$queryRawUnsafe<{ size: bigint }[]>('SELECT pg_database_size(current_database()) AS size'))[0]!.size);
  }
  console.log(`  database size ${(bytes / 2 ** 20).toFixed(0)} MiB: ${((bytes / runs) * 1000 / 2 ** 20).toFixed(2)} MiB per 1,000 runs (with their events and logs)`);
  await closeDatabase();
}

await main();
