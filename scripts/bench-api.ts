// REST API throughput: seeds 1,000 tasks (scripts/seed-perf.ts) on SQLite and,
// when a PostgreSQL URL is given, on PostgreSQL; starts the built app
// (`next start`) and a worker on it, and drives it with C concurrent clients
// for D seconds per scenario, each with an API token:
//   - GET /api/v1/tasks (first page, 50 tasks) and ?limit=200,
//   - tRPC tasks.list (all 1,000 tasks, superjson) for comparison,
//   - POST /api/v1/tasks/{key}/run (run now; the worker executes the runs);
// reporting requests/s, p50/p99 latency and errors. Then, in this process,
// where a tasks list request's time goes: resolving the token, the Prisma
// query, superjson and JSON encoding. Prints figures; asserts nothing.
//
//   npm run build && npm run bench:api
//   BENCH_PG_URL=postgresql://user:pass@localhost:5432/postgres npm run bench:api   (also PostgreSQL; its own database, dropped after)
//   options: --clients 20  --seconds 20  --tasks 1000  --port 3130  --only sqlite|postgresql
//            --list-only (only GET /api/v1/tasks)  --cpu-prof DIR (a V8 CPU profile of the web process, written when it stops)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import superjson from 'superjson';
import { SYSTEM_ACTOR } from '../server/auth/actor';
import { createApiToken } from '../server/auth/api-tokens';
import { identifyRequest } from '../server/auth/resolve-actor';
import { openDatabase, type DatabaseHandle } from '../server/db';
import { describeSchedule, parseSchedule } from '../server/schedules';
import { listTasks } from '../server/tasks/list-tasks';
import { taskInclude } from '../server/tasks/task-view';
import { searchTasks } from '../server/tasks/search-tasks';
import { createUser } from '../server/users/create-user';
import { createPgDatabase, dropPgDatabase } from './lib/scratch-database';
import { seedPerf } from './seed-perf';
import { arg, loadAverage, percentile, stopChild, waitForHealth } from './lib/bench-kit';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLIENTS = Number(arg('clients', '20'));
const SECONDS = Number(arg('seconds', '20'));
const TASKS = Number(arg('tasks', '1000'));
const PORT = Number(arg('port', process.env.BENCH_PORT ?? '3130'));
const ONLY = arg('only', '');
const LIST_ONLY = process.argv.includes('--list-only');
const CPU_PROF = arg('cpu-prof');
const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL_POSTGRES;
const BASE = `http://127.0.0.1:${PORT}`;

function spawnProcess(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** C clients, each sending its next request when the previous answer is in, for SECONDS. */
async function drive(name: string, request: (i: number) => Promise<Response>): Promise<void> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const res = await request(n++);
          await res.arrayBuffer();
          if (!res.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `  ${name.padEnd(44)} ${(latencies.length / elapsed).toFixed(1).padStart(7)} req/s   p50 ${percentile(latencies, 50).toFixed(0).padStart(5)} ms   p99 ${percentile(latencies, 99).toFixed(0).padStart(5)} ms   errors ${errors}   (load ${loadAverage()})`,
  );
}

/** Median of `reps` timings of fn, in ms. */
async function median(reps: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return percentile(times, 50);
}

async function breakdown(handle: DatabaseHandle, token: string): Promise<void> {
  const headers = new Headers({ authorization: `Bearer ${token}` });
  const tasks = await listTasks({ db: handle.db });
  const page = await searchTasks({ db: handle.db, limit: 50 });
  const rows = [
    ['resolve the Bearer token (identifyRequest)', await median(50, () => identifyRequest({ db: handle.db, headers }))],
    [`Prisma: listTasks (all ${tasks.length})`, await median(20, () => listTasks({ db: handle.db }))],
    ['Prisma: searchTasks (first page, 50)', await median(50, () => searchTasks({ db: handle.db, limit: 50 }))],
    [`superjson.serialize + JSON.stringify (${tasks.length} tasks)`, await median(20, () => JSON.stringify(superjson.serialize(tasks)))],
    [`JSON.stringify (${tasks.length} tasks, as REST sends them)`, await median(20, () => JSON.stringify(tasks))],
    ['JSON.stringify (50 tasks)', await median(50, () => JSON.stringify(page))],
  ] as const;
  console.log(`  where a list request's time goes (this process, medians; load ${loadAverage()}):`);
  for (const [what, ms] of rows) console.log(`    ${what.padEnd(56)} ${ms.toFixed(2).padStart(8)} ms`);
  await compactListComparison(handle);
}

/**
 * The compact list view (issue 12) side by side with what the list did before
 * it: whole rows with labels, every schedule parsed and described. Alternating
 * order, 7 repeats each; median and min–max.
 */
async function compactListComparison(handle: DatabaseHandle): Promise<void> {
  const describeEach = (rows: { schedule: string; timezone: string }[]) =>
    rows.map((r) => {
      const parsed = parseSchedule(r.schedule, { timezone: r.timezone });
      return { ...r, scheduleDescription: parsed.ok ? describeSchedule(parsed.schedule) : '' };
    });
  const cases = [
    ['all tasks (tasks.list)', () => handle.db.task.findMany({ include: taskInclude, orderBy: [{ position: 'asc' }, { id: 'asc' }] }).then(describeEach), () => listTasks({ db: handle.db })],
    ['first page of 50 (GET /api/v1/tasks)', () => handle.db.task.findMany({ include: taskInclude, orderBy: { id: 'asc' }, take: 51 }).then(describeEach), () => searchTasks({ db: handle.db, limit: 50 })],
  ] as const;
  console.log(`  compact list view, before → after (this process, 7 alternating repeats; load ${loadAverage()}):`);
  for (const [what, before, after] of cases) {
    const times: [number[], number[]] = [[], []];
    for (let i = 0; i < 7; i++) {
      for (const which of i % 2 ? [0, 1] : [1, 0]) {
        const t0 = performance.now();
        await (which === 0 ? before() : after());
        times[which]!.push(performance.now() - t0);
      }
    }
    const fmt = (t: number[]) => `${percentile(t, 50).toFixed(1)} ms (${Math.min(...t).toFixed(1)}–${Math.max(...t).toFixed(1)})`;
    console.log(`    ${what.padEnd(40)} before ${fmt(times[0])}   after ${fmt(times[1])}`);
  }
}

async function benchOne(provider: string, url: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cronboard-bench-api-'));
  const config = join(dir, 'cronboard.yaml');
  writeFileSync(config, 'demo: false\n');
  console.log(`\n${provider}: seeding ${TASKS} tasks…`);
  await seedPerf({ url, tasks: TASKS, runs: 1000 });
  const handle = await openDatabase(url);
  const children: ChildProcess[] = [];
  try {
    await createUser({ db: handle.db, email: 'bench@example.com', password: 'bench-password-1234', role: 'admin', actor: SYSTEM_ACTOR });
    const { token } = await createApiToken({ db: handle.db, email: 'bench@example.com', name: 'bench', actor: SYSTEM_ACTOR });
    const keys = (await handle.db.task.findMany({ where: { status: { in: ['todo', 'in_review'] }, paused: false }, select: { key: true } })).map((t) => t.key);
    const env = { NODE_ENV: 'production', DATABASE_URL: url, CRONBOARD_CONFIG: config, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', NEXT_TELEMETRY_DISABLED: '1', API_RATE_LIMIT_PER_MINUTE: '1000000' };
    // --cpu-prof is refused in NODE_OPTIONS: with it, next's own entry runs under `node --cpu-prof`.
    const nextStart = ['start', '-p', String(PORT), '-H', '127.0.0.1'];
    const app = CPU_PROF
      ? spawnProcess(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, join(root, 'node_modules/next/dist/bin/next'), ...nextStart], env)
      : spawnProcess(join(root, 'node_modules/.bin/next'), nextStart, env);
    children.push(app);
    await waitForHealth(app, BASE);
    children.push(spawnProcess(process.execPath, ['--import', 'tsx', 'worker/main.ts'], env));
    const auth = { authorization: `Bearer ${token}` };
    // Warm up (route compilation on first call, connection pools).
    for (let i = 0; i < 20; i++) await (await fetch(`${BASE}/api/v1/tasks`, { headers: auth })).arrayBuffer();
    console.log(`${provider}: ${CLIENTS} clients × ${SECONDS} s, a worker running`);
    await drive('GET /api/v1/tasks (50 of them)', () => fetch(`${BASE}/api/v1/tasks`, { headers: auth }));
    if (LIST_ONLY) return await breakdown(handle, token);
    await drive('GET /api/v1/tasks?limit=200', () => fetch(`${BASE}/api/v1/tasks?limit=200`, { headers: auth }));
    await drive(`tRPC tasks.list (all ${TASKS}, superjson)`, () => fetch(`${BASE}/api/trpc/tasks.list`, { headers: auth }));
    await drive('POST /api/v1/tasks/{key}/run', (i) =>
      fetch(`${BASE}/api/v1/tasks/${keys[i % keys.length]}/run`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' }),
    );
    const queued = await handle.db.run.count({ where: { trigger: 'api' } });
    console.log(`  runs recorded with trigger api: ${queued}`);
    await breakdown(handle, token);
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`bench:api — load average at start ${loadAverage()} (2-core machine; figures from a loaded machine vary ±20% or more)`);
  if (ONLY !== 'postgresql') {
    const dir = mkdtempSync(join(tmpdir(), 'cronboard-bench-api-db-'));
    try {
      await benchOne('sqlite', `file:${join(dir, 'bench.db')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (ONLY !== 'sqlite' && PG_URL) {
    const scratch = await createPgDatabase(PG_URL, 'cronboard_bench_api');
    try {
      await benchOne('postgresql', scratch.url);
    } finally {
      await dropPgDatabase(PG_URL, scratch.name);
    }
  } else if (ONLY !== 'sqlite') console.log('\npostgresql: skipped (set BENCH_PG_URL or TEST_DATABASE_URL_POSTGRES)');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
