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
//            --list-only (only GET /api/v1/tasks)  --run-only (only POST …/run)  --no-worker (no worker beside the web process)  --cpu-prof DIR (a V8 CPU profile of the web process, written when it stops)
//            --compare before=DIR,after=DIR --repeats 3: builds side by side, alternating (scripts/bench-api/compare.ts)
// Every line carries the web process's CPU ms per request (from /proc), the figure load distorts least.
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
import { compareBuilds, parseBuilds, type Scenario } from './bench-api/compare';
import { drive, driveLine } from './bench-api/drive';
import { arg, loadAverage, percentile, stopChild, waitForHealth } from './lib/bench-kit';
import { processTreeCpuMs } from './lib/process-cpu';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLIENTS = Number(arg('clients', '20'));
const SECONDS = Number(arg('seconds', '20'));
const TASKS = Number(arg('tasks', '1000'));
const PORT = Number(arg('port', process.env.BENCH_PORT ?? '3130'));
const ONLY = arg('only', '');
const LIST_ONLY = process.argv.includes('--list-only');
const RUN_ONLY = process.argv.includes('--run-only');
const NO_WORKER = process.argv.includes('--no-worker');
const CPU_PROF = arg('cpu-prof');
const COMPARE = arg('compare');
const REPEATS = Number(arg('repeats', '3'));
const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL_POSTGRES;
const BASE = `http://127.0.0.1:${PORT}`;

function spawnProcess(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Drives one scenario and prints its line, with the web process's CPU ms per request. */
async function driveAndPrint(name: string, app: ChildProcess, request: (i: number) => Promise<Response>): Promise<void> {
  const cpu0 = processTreeCpuMs(app.pid!);
  const result = await drive({ clients: CLIENTS, seconds: SECONDS, request });
  console.log(driveLine(name, result, (processTreeCpuMs(app.pid!) - cpu0) / result.requests));
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
    const auth = { authorization: `Bearer ${token}` };
    if (COMPARE) {
      if (!NO_WORKER) children.push(spawnProcess(process.execPath, ['--import', 'tsx', 'worker/main.ts'], env));
      console.log(`${provider}: ${parseBuilds(COMPARE).map((b) => `${b.label} = ${b.dir}`).join(', ')}; ${NO_WORKER ? 'no worker' : 'a worker running'}`);
      const list: Scenario = { name: 'GET /api/v1/tasks (50)', request: (base) => fetch(`${base}/api/v1/tasks`, { headers: auth }) };
      // Next.js gzips a JSON answer when asked (fetch asks): the same list without, to see what compression costs.
      const plain: Scenario = { name: 'GET /api/v1/tasks (50), no gzip', request: (base) => fetch(`${base}/api/v1/tasks`, { headers: { ...auth, 'accept-encoding': 'identity' } }) };
      // A poller that sends back the ETag it last got (If-None-Match): 304s while the list is unchanged.
      const etags = new Map<string, string>();
      const conditional: Scenario = {
        name: 'GET /api/v1/tasks (50), If-None-Match',
        request: async (base) => {
          const known = etags.get(base);
          const res = await fetch(`${base}/api/v1/tasks`, { headers: known ? { ...auth, 'if-none-match': known } : auth });
          const etag = res.headers.get('etag');
          if (etag) etags.set(base, etag);
          return res;
        },
      };
      const run: Scenario = {
        name: 'POST /api/v1/tasks/{key}/run',
        request: (base, i) => fetch(`${base}/api/v1/tasks/${keys[i % keys.length]}/run`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' }),
      };
      return await compareBuilds({
        builds: parseBuilds(COMPARE),
        scenarios: LIST_ONLY ? [list, plain, conditional] : RUN_ONLY ? [run] : [list, plain, conditional, run],
        repeats: REPEATS,
        clients: CLIENTS,
        seconds: SECONDS,
        port: PORT,
        env,
        warmup: async (base) => {
          for (let i = 0; i < 20; i++) await (await fetch(`${base}/api/v1/tasks`, { headers: auth })).arrayBuffer();
        },
      });
    }
    // --cpu-prof is refused in NODE_OPTIONS: with it, next's own entry runs under `node --cpu-prof`.
    const nextStart = ['start', '-p', String(PORT), '-H', '127.0.0.1'];
    const app = CPU_PROF
      ? spawnProcess(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, join(root, 'node_modules/next/dist/bin/next'), ...nextStart], env)
      : spawnProcess(join(root, 'node_modules/.bin/next'), nextStart, env);
    children.push(app);
    await waitForHealth(app, BASE);
    if (!NO_WORKER) children.push(spawnProcess(process.execPath, ['--import', 'tsx', 'worker/main.ts'], env));
    // Warm up (route compilation on first call, connection pools).
    for (let i = 0; i < 20; i++) await (await fetch(`${BASE}/api/v1/tasks`, { headers: auth })).arrayBuffer();
    console.log(`${provider}: ${CLIENTS} clients × ${SECONDS} s, ${NO_WORKER ? 'no worker' : 'a worker running'}`);
    if (!RUN_ONLY) await driveAndPrint('GET /api/v1/tasks (50 of them)', app, () => fetch(`${BASE}/api/v1/tasks`, { headers: auth }));
    if (LIST_ONLY) return await breakdown(handle, token);
    if (!RUN_ONLY) {
      await driveAndPrint('GET /api/v1/tasks?limit=200', app, () => fetch(`${BASE}/api/v1/tasks?limit=200`, { headers: auth }));
      await driveAndPrint(`tRPC tasks.list (all ${TASKS}, superjson)`, app, () => fetch(`${BASE}/api/trpc/tasks.list`, { headers: auth }));
    }
    await driveAndPrint('POST /api/v1/tasks/{key}/run', app, (i) =>
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
