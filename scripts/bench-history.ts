// A million runs of history (issue 16 item 1): the server time of the queries
// the runs page, the task page history and the task stats make, on a
// database seeded by `npm run seed:perf`, plus the database size per 1,000
// runs. Calls the same services the tRPC procedures call, in this process
// (server time without HTTP or rendering). Prints p95 per query, the median
// and min–max over the repeats, and the load average.
//
//   npm run seed:perf -- --url file:/tmp/perf.db --runs 1000000 --log-bytes 1024 --span-days 60
//   npx tsx scripts/bench-history.ts --url file:/tmp/perf.db [--iterations 40] [--repeats 3]
import { readFileSync, statSync } from 'node:fs';
import { closeDatabase, openDatabase, parseDatabaseUrl, type Db } from '../server/db';
import { countRuns } from '../server/runs/count-runs';
import { listRuns } from '../server/runs/list-runs';
import { getTaskStats } from '../server/tasks/get-task-stats';
import { listTaskRuns } from '../server/tasks/list-task-runs';

const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const url = arg('url', process.env.DATABASE_URL);
if (!url) {
  console.error('bench-history: give --url (a database seeded by npm run seed:perf)');
  process.exit(2);
}
const ITERATIONS = Number(arg('iterations', '40'));
const REPEATS = Number(arg('repeats', '3'));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeIt(fn: (i: number) => Promise<unknown>): Promise<number> {
  await fn(0); // warm
  const ms: number[] = [];
  for (let i = 1; i <= ITERATIONS; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  return p95(ms);
}

async function main(): Promise<void> {
  const handle = await openDatabase(url!);
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
  const queries: [string, (i: number) => Promise<unknown>][] = [
    ['runs page 1, no filter (list + counts)', () => Promise.all([listRuns({ db }), countRuns({ db })])],
    ['runs page, status=failed (list + counts)', () => Promise.all([listRuns({ db, filters: { status: 'failed' } }), countRuns({ db, filters: { status: 'failed' } })])],
    ['runs page, one task (list + counts)', (i) => Promise.all([listRuns({ db, filters: { taskKey: key(i) } }), countRuns({ db, filters: { taskKey: key(i) } })])],
    ['runs page, last 24 h (list + counts)', () => Promise.all([listRuns({ db, filters: { from: new Date(Date.now() - days) } }), countRuns({ db, filters: { from: new Date(Date.now() - days) } })])],
    ['runs page, keyset page at the middle id', () => listRuns({ db, cursor: Math.floor(maxId / 2) })],
    ['runs page, status=failed, keyset page at the middle id', () => listRuns({ db, filters: { status: 'failed' }, cursor: Math.floor(maxId / 2) })],
    ['task history, first page', (i) => listTaskRuns({ db, taskKey: key(i), pageSize: 10 })],
    ['task history, page 26 (keyset)', () => listTaskRuns({ db, taskKey: key(1), cursor: deep, pageSize: 10 })],
    ['task stats', (i) => getTaskStats({ db, taskKey: key(i) })],
  ];
  console.log(`${handle.provider}: ${runs} runs over ${tasks} tasks; ${ITERATIONS} calls per query, ${REPEATS} repeats; load average ${load()}`);
  for (const [name, fn] of queries) {
    const figures: number[] = [];
    for (let r = 0; r < REPEATS; r++) figures.push(await timeIt(fn));
    console.log(
      `  ${name.padEnd(56)} p95 median ${median(figures).toFixed(1)} ms (min ${Math.min(...figures).toFixed(1)}, max ${Math.max(...figures).toFixed(1)})  load ${load()}`,
    );
  }
  let bytes: number;
  if (handle.provider === 'sqlite') {
    const file = parseDatabaseUrl(url!).file!;
    bytes = statSync(file).size;
  } else {
    bytes = Number((await db.$queryRawUnsafe<{ size: bigint }[]>('SELECT pg_database_size(current_database()) AS size'))[0]!.size);
  }
  console.log(`  database size ${(bytes / 2 ** 20).toFixed(0)} MiB: ${((bytes / runs) * 1000 / 2 ** 20).toFixed(2)} MiB per 1,000 runs (with their events and logs)`);
  await closeDatabase();
}

await main();
