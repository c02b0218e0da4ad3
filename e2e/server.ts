// The e2e web server (Playwright's `webServer.command`, run with tsx): the
// production web app (`next start`) on E2E_PORT plus one worker, both against
// a fresh SQLite file in a temporary folder, with the demo tasks seeded.
//
// - Builds the app first only when there is no build at all (`npm test` builds
//   before it runs the e2e suite; `npx playwright test` alone reuses `.next`).
// - Writes e2e/.artifacts/server.json ({ port, databaseUrl, workerPid, jobsDir }) for
//   the tests, and the two processes' logs beside it.
// - Stops both and removes the temporary folder on SIGTERM/SIGINT (Playwright
//   signals the whole process group at the end), if either child exits, or if
//   the Playwright runner that started it goes away.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_SECRET_KEY } from './secret-key';

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(root, 'e2e', '.artifacts');
const port = Number(process.env.E2E_PORT ?? 3100);
const host = '127.0.0.1';
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

function log(message: string) {
  console.error(`[e2e-server] ${message}`);
}

if (!existsSync(join(root, '.next', 'BUILD_ID'))) {
  log('no production build (.next) found: running `next build` first…');
  const build = spawnSync(bin('next'), ['build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) {
    log(`next build failed (exit ${build.status}); cannot start the web app.`);
    process.exit(1);
  }
}

mkdirSync(artifacts, { recursive: true });
rmSync(join(artifacts, 'server.json'), { force: true });
const tempDir = mkdtempSync(join(tmpdir(), 'cronboard-e2e-'));
const databaseUrl = `file:${join(tempDir, 'e2e.db')}`;
// Our own config file, so a developer's cronboard.yaml in the work tree stays out of the tests.
const configFile = join(tempDir, 'cronboard.yaml');
writeFileSync(configFile, 'demo: true\n');
// The worker syncs this jobs folder (empty at start; e2e/jobs.spec.ts writes job files into it).
const jobsDir = join(tempDir, 'jobs');
mkdirSync(jobsDir);
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  CRONBOARD_DEMO: 'true',
  PORT: String(port),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  CRONBOARD_CONFIG: configFile,
  NEXT_TELEMETRY_DISABLED: '1',
  CRONBOARD_SECRET_KEY: E2E_SECRET_KEY,
  CRONBOARD_JOBS_DIR: jobsDir,
  // The webhooks spec's receiver listens on 127.0.0.1.
  WEBHOOK_ALLOW_PRIVATE: 'true',
};

const children: { name: string; proc: ChildProcess }[] = [];
let stopping = false;

function start(name: string, command: string, args: string[]): ChildProcess {
  const logFile = createWriteStream(join(artifacts, `${name}.log`));
  const proc = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.pipe(logFile);
  // Errors also go to Playwright's console (it shows the server's stderr).
  proc.stderr?.on('data', (chunk: Buffer) => {
    logFile.write(chunk);
    process.stderr.write(chunk);
  });
  proc.on('exit', (code, signal) => {
    if (!stopping) {
      log(`the ${name} process exited early (${signal ?? `code ${code}`}); see e2e/.artifacts/${name}.log`);
      void stop(1);
    }
  });
  children.push({ name, proc });
  return proc;
}

function alive(proc: ChildProcess) {
  return proc.exitCode === null && proc.signalCode === null;
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const { proc } of children) if (alive(proc)) proc.kill('SIGTERM');
  const deadline = Date.now() + 8_000;
  while (children.some(({ proc }) => alive(proc)) && Date.now() < deadline) await sleep(100);
  for (const { proc } of children) if (alive(proc)) proc.kill('SIGKILL');
  rmSync(tempDir, { recursive: true, force: true });
  process.exit(code);
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForHealth(timeoutMs: number): Promise<void> {
  const url = `http://${host}:${port}/api/health`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error(`the web app did not answer ${url} within ${timeoutMs / 1000}s; see e2e/.artifacts/web.log`);
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop(0));

// The runner that started us went away without stopping us (killed hard): stop.
const runnerPid = Number(process.env.E2E_RUNNER_PID);
if (runnerPid > 0) {
  setInterval(() => {
    try {
      process.kill(runnerPid, 0);
    } catch {
      log('the Playwright runner is gone; stopping.');
      void stop(0);
    }
  }, 2_000).unref();
}

async function main() {
  log(`database ${databaseUrl}`);
  // Web first: it migrates and seeds the demo tasks; the worker starts on the ready schema.
  start('web', bin('next'), ['start', '-p', String(port), '-H', host]);
  await waitForHealth(120_000);
  // `node --import tsx` rather than the tsx CLI: one process, so its pid is the worker row's.
  const worker = start('worker', process.execPath, ['--import', 'tsx', 'worker/main.ts']);
  writeFileSync(join(artifacts, 'server.json'), JSON.stringify({ port, databaseUrl, workerPid: worker.pid, jobsDir }, null, 2));
  log(`web on http://${host}:${port}, worker pid ${worker.pid}`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  void stop(1);
});
