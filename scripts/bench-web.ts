// Dashboard performance: seeds 1,000 tasks and 100,000 runs (scripts/seed-perf.ts)
// on SQLite and, when a PostgreSQL URL is given, on PostgreSQL; starts the built
// app (`next start`, no worker) on it and measures, from the client side:
//   - board first load in Chromium: navigation start → first card visible, and → every card rendered;
//   - the board's data query (tRPC tasks.list — or board.get when the build has it) over HTTP;
//   - the runs page's calls: runs.list (first page, a status filter, a task filter, a
//     page deep in the history via its cursor, a time range) and runs.counts;
// each repeated, reported as p50 / p95 in ms. Prints figures; asserts nothing.
//
//   npm run build && npm run bench:web
//   BENCH_PG_URL=postgresql://user:pass@localhost:5432/postgres npm run bench:web   (also PostgreSQL; creates and drops its own database)
//   options: --reps 20  --tasks 1000  --runs 100000  --port 3303  --only sqlite|postgresql
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import pg from 'pg';
import superjson from 'superjson';
import { seedPerf } from './seed-perf';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const REPS = Number(arg('reps', '20'));
const TASKS = Number(arg('tasks', '1000'));
const RUNS = Number(arg('runs', '100000'));
const PORT = Number(arg('port', process.env.BENCH_PORT ?? '3303'));
const ONLY = arg('only', '');
const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL_POSTGRES;
const BASE = `http://127.0.0.1:${PORT}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const fmt = (values: number[]) => `p50 ${pct(values, 50).toFixed(1).padStart(7)}   p95 ${pct(values, 95).toFixed(1).padStart(7)}`;

async function startApp(databaseUrl: string, dir: string): Promise<ChildProcess> {
  const config = join(dir, 'cronboard.yaml');
  writeFileSync(config, 'demo: false\n');
  const child = spawn(join(root, 'node_modules/.bin/next'), ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      CRONBOARD_CONFIG: config,
      CRONBOARD_DEMO: 'false',
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return child;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  child.kill('SIGTERM');
  throw new Error('the app did not answer /api/health within 120 s');
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(8_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** One tRPC query over HTTP as the browser sends it (GET, superjson); returns the wall time in ms. */
async function trpcTime(path: string, input: unknown): Promise<number> {
  const url = `${BASE}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return ms;
}

async function series(path: string, input: unknown): Promise<number[]> {
  await trpcTime(path, input); // warm-up: first compile of the route and query plan
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) times.push(await trpcTime(path, input));
  return times;
}

async function boardProcedure(): Promise<{ path: string; input: unknown }> {
  const res = await fetch(`${BASE}/api/trpc/board.get?input=${encodeURIComponent(JSON.stringify(superjson.serialize({})))}`);
  return res.ok ? { path: 'board.get', input: {} } : { path: 'tasks.list', input: undefined };
}

/** Navigation start → first `selector` visible (`first`), → load event with everything rendered (`all`), in a fresh browser context each time. */
async function pageLoad(
  browser: Browser,
  path: string,
  selector: string,
): Promise<{ first: number[]; all: number[]; cards: number }> {
  const first: number[] = [];
  const all: number[] = [];
  let cards = 0;
  for (let i = 0; i < Math.max(3, Math.ceil(REPS / 4)); i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(`${BASE}${path}`, { waitUntil: 'commit' });
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 });
    const t1 = performance.now();
    await page.waitForLoadState('load');
    cards = await page.locator(selector).count();
    const t2 = performance.now();
    // The first load warms the server's caches; report the later ones.
    if (i > 0) {
      first.push(t1 - t0);
      all.push(t2 - t0);
    }
    await context.close();
  }
  return { first, all, cards };
}

interface Target {
  provider: 'sqlite' | 'postgresql';
  url: string;
  cleanup: () => Promise<void>;
}

async function makeTarget(provider: Target['provider'], dir: string): Promise<Target> {
  if (provider === 'sqlite') return { provider, url: `file:${join(dir, 'perf.db')}`, cleanup: async () => undefined };
  const base = new URL(PG_URL!);
  const name = `cronboard_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c
        .query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        .catch((e: unknown) => console.warn(`could not drop ${name}: ${String(e)}`));
      await c.end();
    },
  };
}

async function bench(provider: Target['provider'], browser: Browser) {
  const dir = mkdtempSync(join(tmpdir(), 'cronboard-bench-web-'));
  const target = await makeTarget(provider, dir);
  let app: ChildProcess | undefined;
  try {
    const seeded = await seedPerf({ url: target.url, tasks: TASKS, runs: RUNS });
    console.log(
      `\n## ${provider}: seeded ${seeded.tasks} tasks, ${seeded.runs} runs, ${seeded.events} events in ${(seeded.ms / 1000).toFixed(1)} s`,
    );
    app = await startApp(target.url, dir);
    const board = await boardProcedure();
    const load = await pageLoad(browser, '/', 'article');
    console.log(
      `board first load (Chromium, ${load.cards} cards)      first card ${fmt(load.first)} ms;  all cards + load ${fmt(load.all)} ms`,
    );
    const runsLoad = await pageLoad(browser, '/runs', 'tbody tr a[href^="/runs/"]');
    console.log(
      `runs page first load (Chromium, ${runsLoad.cards} rows)     first row  ${fmt(runsLoad.first)} ms;  load event       ${fmt(runsLoad.all)} ms`,
    );
    console.log(`${`board data ${board.path}`.padEnd(44)} ${fmt(await series(board.path, board.input))} ms`);
    // A cursor deep in the history: half-way down the id range.
    const deep = Math.floor(RUNS / 2);
    const now = Date.now();
    const cases: [string, string, unknown][] = [
      ['runs.list (newest 50)', 'runs.list', { limit: 50 }],
      ['runs.list status=failed', 'runs.list', { limit: 50, status: 'failed' }],
      ['runs.list status=queued', 'runs.list', { limit: 50, status: 'queued' }],
      ['runs.list task=perf-7', 'runs.list', { limit: 50, taskKey: 'perf-7' }],
      ['runs.list trigger=manual', 'runs.list', { limit: 50, trigger: 'manual' }],
      [`runs.list cursor=${deep}`, 'runs.list', { limit: 50, cursor: deep }],
      [`runs.list status=failed cursor=${deep}`, 'runs.list', { limit: 50, status: 'failed', cursor: deep }],
      [
        'runs.list one day, 20 days ago',
        'runs.list',
        { limit: 50, from: new Date(now - 20 * 86_400_000), to: new Date(now - 19 * 86_400_000) },
      ],
      ['runs.counts (all)', 'runs.counts', {}],
      ['runs.counts task=perf-7', 'runs.counts', { taskKey: 'perf-7' }],
      ['events.list (newest 50)', 'events.list', { limit: 50 }],
      ['events.list task=perf-7', 'events.list', { limit: 50, taskKey: 'perf-7' }],
    ];
    for (const [label, path, input] of cases) console.log(`${label.padEnd(44)} ${fmt(await series(path, input))} ms`);
    // What the runs page costs a browser at once: counts + first page in parallel.
    const page: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      await Promise.all([trpcTime('runs.counts', {}), trpcTime('runs.list', { limit: 50 })]);
      page.push(performance.now() - t0);
    }
    console.log(`${'runs page data (counts + list, parallel)'.padEnd(44)} ${fmt(page)} ms`);
  } finally {
    if (app) await stopApp(app);
    await target.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (!existsSync(join(root, '.next', 'BUILD_ID'))) {
    console.error('bench:web measures the production build: run `npx next build` first.');
    process.exit(2);
  }
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  console.log(
    `bench:web — ${TASKS} tasks, ${RUNS} runs, ${REPS} repetitions per figure, port ${PORT}; times are client-side wall times`,
  );
  try {
    if (ONLY !== 'postgresql') await bench('sqlite', browser);
    if (ONLY !== 'sqlite') {
      if (PG_URL) await bench('postgresql', browser);
      else console.log('\n(PostgreSQL skipped: set BENCH_PG_URL or TEST_DATABASE_URL_POSTGRES)');
    }
  } finally {
    await browser.close();
  }
}

await main();
