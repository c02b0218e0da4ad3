#!/usr/bin/env node
// `npm start`: migrate (which validates the configuration), build the web app
// when its sources changed, then run the web app on PORT (default 3000) and one
// worker side by side. Ctrl-C (or SIGTERM) stops both; if either exits, the
// other is stopped too. `--dev` runs `next dev` instead of a production build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBundle } from './lib/cli-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const dev = process.argv.includes('--dev');
const port = process.env.PORT || '3000';
// Loopback by default: every page and API call needs an account, but until the
// first admin exists whoever reaches /setup first becomes admin. Create the admin,
// then HOST=0.0.0.0 (or a reverse proxy) opens it deliberately.
const host = process.env.HOST || '127.0.0.1';

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'generated' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function needsBuild() {
  const buildId = join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ['app', 'components', 'server', 'prisma', 'instrumentation.ts', 'next.config.ts', 'postcss.config.mjs', 'package-lock.json'];
  return sources.some((s) => newestMtime(join(root, s)) > built);
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// 1. Configuration + schema: fails fast with a clear message. Through the
// installed bin: the precompiled CLI when it is fresh (scripts/build-cli.mjs).
const migrated = spawnSync(process.execPath, [join(root, 'bin', 'cronboard.mjs'), 'db', 'migrate', '--json'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: process.env,
  encoding: 'utf8',
});
if (migrated.status !== 0) process.exit(migrated.status ?? 1);
const schema = JSON.parse(migrated.stdout);
if (schema.applied.length > 0) console.log(`database  applied ${schema.applied.length} migration(s) on ${schema.provider}`);

// 2. Production build when needed.
if (!dev && needsBuild()) {
  console.log('Building the web app (next build)…');
  run(bin('next'), ['build']);
}

// 3. Web + worker.
const workerBundle = freshBundle('worker');
const workerArgs = workerBundle ? [workerBundle] : ['--import', 'tsx', 'worker/main.ts'];
const children = [
  { name: 'web', proc: spawn(bin('next'), [dev ? 'dev' : 'start', '-p', port, '-H', host], { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: port } }) },
  // The worker runs under node itself (the precompiled dist/worker.mjs, else tsx as a loader), so SIGTERM reaches its drain logic directly.
  { name: 'worker', proc: spawn(process.execPath, workerArgs, { cwd: root, stdio: 'inherit', env: process.env }) },
];
const url = `http://${host === '0.0.0.0' || host === '::' || host === '127.0.0.1' ? 'localhost' : host}:${port}`;
console.log(
  [
    '',
    'Cronboard',
    `  web       ${url}${dev ? ' (next dev)' : ''}`,
    `  worker    1 worker (pid ${children[1].proc.pid})`,
    `  database  ${schema.provider} ${schema.database}`,
    schema.users ? `Open ${url} and sign in. Ctrl-C stops both.` : `Open ${url} to create the first admin. Ctrl-C stops both.`,
    '',
  ].join('\n'),
);

let stopping = false;
let exitCode = 0;
function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const { proc } of children) if (proc.exitCode === null) proc.kill(signal);
  // A child that ignores the signal is killed after the worker's drain grace.
  setTimeout(() => {
    for (const { proc } of children) if (proc.exitCode === null) proc.kill('SIGKILL');
  }, (Number(process.env.SHUTDOWN_GRACE_SECONDS) || 30) * 1000 + 5000).unref();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll('SIGTERM'));
for (const { name, proc } of children) {
  proc.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`cronboard: the ${name} process exited (${signal ?? `code ${code}`}); stopping the other one.`);
      exitCode = code || 1;
      stopAll('SIGTERM');
    }
    if (children.every((c) => c.proc.exitCode !== null || c.proc.signalCode !== null)) process.exit(exitCode);
  });
}
