#!/usr/bin/env node
// `npm run bench:cli`: how long a `cronboard` call takes as the installed bin
// runs it (`node bin/cronboard.mjs …`), next to `node -e 0` (the floor: Node's
// own start). Each command runs N times (default 10; `--runs N`) against a
// scratch SQLite database holding 20 tasks; prints min / median / max wall
// time in milliseconds, and the load average (this is a shared machine).
// `--tsx` also times the tsx fallback (what every call cost before dist/).
// Also: the worker's start-up to its first claim (a run queued before the
// worker starts; time from spawn to the run's startedAt), 3 times.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshBundle, root } from './lib/cli-bundle.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) > 0 && args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 10;
const bin = join(root, 'bin', 'cronboard.mjs');
const dir = mkdtempSync(join(tmpdir(), 'cronboard-bench-cli-'));
const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'bench.db')}`, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', ALLOWED_WORKDIRS: dir };
delete env.CRONBOARD_NO_BUNDLE;

if (!freshBundle('cli')) spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });

function call(argv, extraEnv = {}) {
  const r = spawnSync(argv[0], argv.slice(1), { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function time(label, argv, extraEnv) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    call(argv, extraEnv);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const median = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  console.log(`${label.padEnd(44)} min ${ms[0].toFixed(0).padStart(5)}  median ${median.toFixed(0).padStart(5)}  max ${ms.at(-1).toFixed(0).padStart(5)} ms   (load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`);
}

call([process.execPath, bin, 'db', 'migrate']);
for (let i = 1; i <= 20; i++) call([process.execPath, bin, 'create', '--key', `task-${i}`, '--name', `Task ${i}`, '--command', 'true', '--schedule', `${i} 2 * * *`]);

console.log(`cronboard CLI, ${runs} runs each (wall time per call), load before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
time('node -e 0', [process.execPath, '-e', '0']);
time('cronboard schedule next "0 2 * * *"', [process.execPath, bin, 'schedule', 'next', '0 2 * * *']);
time('cronboard list (20 tasks)', [process.execPath, bin, 'list']);
if (args.includes('--tsx')) {
  time('tsx fallback: schedule next "0 2 * * *"', [process.execPath, bin, 'schedule', 'next', '0 2 * * *'], { CRONBOARD_NO_BUNDLE: '1' });
  time('tsx fallback: list (20 tasks)', [process.execPath, bin, 'list'], { CRONBOARD_NO_BUNDLE: '1' });
}

// Worker start-up to first claim: queue a run, start a worker, read the run's startedAt.
const startups = [];
for (let i = 0; i < 3; i++) {
  const queued = JSON.parse(call([process.execPath, bin, 'run', 'task-1', '--json'])).runs[0].id;
  const t0 = Date.now();
  const worker = spawn(process.execPath, [bin, 'worker', '--name', `bench-${i}`], { cwd: root, env, stdio: 'ignore' });
  let started = null;
  while (started === null && Date.now() - t0 < 120_000) {
    await new Promise((r) => setTimeout(r, 50));
    const history = JSON.parse(call([process.execPath, bin, 'history', 'task-1', '--limit', '5', '--json']));
    const run = history.find((r) => r.id === queued);
    if (run?.startedAt) started = new Date(run.startedAt).getTime();
  }
  worker.kill('SIGTERM');
  await new Promise((r) => worker.on('exit', r));
  if (started !== null) startups.push(started - t0);
}
startups.sort((a, b) => a - b);
console.log(`worker start-up to first claim (3 starts)         min ${startups[0]}  median ${startups[1]}  max ${startups[2]} ms   (load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`);
rmSync(dir, { recursive: true, force: true });
