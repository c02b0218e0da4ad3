#!/usr/bin/env node
// `npm run bench:cli`: how long a `cronboard` call takes as the installed bin
// runs it (`node bin/cronboard.mjs …`), next to `node -e 0` (the floor: Node's
// own start). Each command runs N times (default 10; `--runs N`) against a
// scratch database holding 20 tasks; prints min / median / max wall time in
// milliseconds, and the load average (this is a shared machine). Then the
// worker's start-up to its first claim (a run queued before the worker starts;
// time from spawn to the run's startedAt), `--starts N` times (default 3).
//
//   --compare before=DIR,after=DIR   time two checkouts side by side: every
//                                    repeat runs each tree once, the order
//                                    alternating (ratios survive a loaded machine)
//   --postgres ADMIN_URL             also on PostgreSQL (a scratch database made
//                                    and dropped through ADMIN_URL, e.g. …/postgres)
//   --tsx                            also time the tsx fallback (no dist/)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { root } from './lib/cli-bundle.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs')) > 0 ? Number(option('--runs')) : 10;
const starts = Number(option('--starts')) > 0 ? Number(option('--starts')) : 3;
const trees = option('--compare')
  ? option('--compare')
      .split(',')
      .map((pair) => {
        const [label, dir] = pair.split('=');
        if (!label || !dir) throw new Error(`--compare: '${pair}' is not LABEL=DIR`);
        return { label, root: resolve(dir) };
      })
  : [{ label: 'this tree', root }];
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const baseEnv = { ...process.env, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn' };
delete baseEnv.CRONBOARD_NO_BUNDLE;
delete baseEnv.CRONBOARD_ROOT;

// Each tree's dist/ is built before timing (a stale bundle would time the tsx fallback).
for (const tree of trees) spawnSync(process.execPath, [join(tree.root, 'scripts', 'build-cli.mjs'), '--quiet'], { cwd: tree.root, stdio: 'inherit' });

const bin = (tree) => join(tree.root, 'bin', 'cronboard.mjs');

function call(tree, env, argv) {
  const r = spawnSync(argv[0], argv.slice(1), { cwd: tree.root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function summary(ms) {
  ms.sort((a, b) => a - b);
  const median = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  const f = (n) => n.toFixed(0).padStart(5);
  return `min ${f(ms[0])}  median ${f(median)}  max ${f(ms.at(-1))} ms`;
}

/** Each tree once per repeat, the order alternating; one line per tree. */
function time(label, env, argvOf, repeats = runs) {
  const ms = trees.map(() => []);
  for (let i = 0; i < repeats; i++) {
    const order = trees.map((_, t) => t);
    if (i % 2) order.reverse();
    for (const t of order) {
      const started = process.hrtime.bigint();
      call(trees[t], env, argvOf(trees[t]));
      ms[t].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  trees.forEach((tree, t) => console.log(`${label.padEnd(40)} ${trees.length > 1 ? tree.label.padEnd(8) : ''} ${summary(ms[t])}   (load ${load()})`));
}

/** The run's startedAt, or null while it waits (read directly, so polling costs the worker no CPU). */
function startedAtReader(provider, url) {
  if (provider === 'sqlite') {
    const db = new Database(url.slice('file:'.length), { readonly: true, fileMustExist: true });
    return { read: async (id) => db.prepare('SELECT "startedAt" FROM "Run" WHERE "id" = ?').get(id)?.startedAt ?? null, close: async () => db.close() };
  }
  const client = new pg.Client({ connectionString: url });
  const connected = client.connect();
  return {
    read: async (id) => (await connected, (await client.query('SELECT "startedAt" FROM "Run" WHERE "id" = $1', [id])).rows[0]?.startedAt ?? null),
    close: async () => (await connected, await client.end()),
  };
}

async function workerStartups(provider, env) {
  const ms = trees.map(() => []);
  const reader = startedAtReader(provider, env.DATABASE_URL);
  for (let i = 0; i < starts; i++) {
    const order = trees.map((_, t) => t);
    if (i % 2) order.reverse();
    for (const t of order) {
      const tree = trees[t];
      const queued = JSON.parse(call(tree, env, [process.execPath, bin(tree), 'run', 'task-1', '--json'])).runs[0].id;
      const t0 = Date.now();
      const worker = spawn(process.execPath, [bin(tree), 'worker', '--name', `bench-${t}-${i}`], { cwd: tree.root, env, stdio: 'ignore' });
      let started = null;
      while (started === null && Date.now() - t0 < 120_000) {
        await new Promise((r) => setTimeout(r, 10));
        const value = await reader.read(queued);
        if (value !== null) started = new Date(typeof value === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? `${value}Z` : value).getTime();
      }
      worker.kill('SIGTERM');
      await new Promise((r) => worker.on('exit', r));
      if (started !== null) ms[t].push(started - t0);
    }
  }
  await reader.close();
  trees.forEach((tree, t) => console.log(`${`worker start-up to first claim (${starts})`.padEnd(40)} ${trees.length > 1 ? tree.label.padEnd(8) : ''} ${summary(ms[t])}   (load ${load()})`));
}

async function bench(provider, url, cleanup) {
  const dir = mkdtempSync(join(tmpdir(), 'cronboard-bench-cli-'));
  const env = { ...baseEnv, DATABASE_URL: url ?? `file:${join(dir, 'bench.db')}`, ALLOWED_WORKDIRS: dir };
  try {
    const first = trees[0];
    call(first, env, [process.execPath, bin(first), 'db', 'migrate']);
    for (let i = 1; i <= 20; i++)
      call(first, env, [process.execPath, bin(first), 'create', '--key', `task-${i}`, '--name', `Task ${i}`, '--command', 'true', '--schedule', `${i} 2 * * *`]);
    console.log(`\n${provider}: cronboard CLI, ${runs} calls each (wall time per call), load before: ${load()}`);
    time('node -e 0', env, () => [process.execPath, '-e', '0']);
    time('cronboard schedule next "0 2 * * *"', env, (tree) => [process.execPath, bin(tree), 'schedule', 'next', '0 2 * * *']);
    time('cronboard list (20 tasks)', env, (tree) => [process.execPath, bin(tree), 'list']);
    time('cronboard list --json', env, (tree) => [process.execPath, bin(tree), 'list', '--json']);
    time('cronboard show task-1', env, (tree) => [process.execPath, bin(tree), 'show', 'task-1']);
    time('cronboard history task-1', env, (tree) => [process.execPath, bin(tree), 'history', 'task-1']);
    time('cronboard next', env, (tree) => [process.execPath, bin(tree), 'next']);
    if (args.includes('--tsx')) {
      const tsxEnv = { ...env, CRONBOARD_NO_BUNDLE: '1' };
      time('tsx fallback: schedule next "0 2 * * *"', tsxEnv, (tree) => [process.execPath, bin(tree), 'schedule', 'next', '0 2 * * *']);
      time('tsx fallback: list (20 tasks)', tsxEnv, (tree) => [process.execPath, bin(tree), 'list']);
    }
    await workerStartups(provider, env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await cleanup?.();
  }
}

await bench('sqlite');
const adminUrl = option('--postgres');
if (adminUrl) {
  // The scratch-database helper is TypeScript: load it through tsx, as the bin's fallback does.
  const { register } = await import('tsx/esm/api');
  register();
  const { createPgDatabase, dropPgDatabase } = await import('./lib/scratch-database.ts');
  const scratch = await createPgDatabase(adminUrl, 'cronboard_bench_cli');
  await bench('postgresql', scratch.url, () => dropPgDatabase(adminUrl, scratch.name));
}
