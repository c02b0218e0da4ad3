// Benchmark (not a test): the events stream's delay from a run finishing to its
// `run.succeeded` event arriving at a client of GET /api/v1/events/stream, on
// SQLite and (with a PostgreSQL URL) PostgreSQL. Starts the built app
// (`next start`) and one worker on a fresh database, opens the stream over HTTP
// with an API token, then queues manual runs of a `true` task one at a time;
// delay = arrival time at the client − the run's finishedAt (written by the
// worker; same machine, same clock). Prints figures with the load average; asserts nothing.
//
//   npm run build && npm run bench:stream
//   BENCH_PG_URL=postgresql://user:pass@localhost:5432/postgres npm run bench:stream   (also PostgreSQL; own scratch database)
//   options: --runs 40  --port 3341  --only sqlite|postgresql
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR } from '../server/auth/actor';
import { createApiToken } from '../server/auth/api-tokens';
import { migrateDatabase, openDatabase, type Provider } from '../server/db';
import { createUser } from '../server/users/create-user';
import { readSse } from '../tests/integration/helpers/sse-reader';
import { createPgDatabase, dropPgDatabase } from './lib/scratch-database';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const RUNS = Number(arg('runs', '40'));
const PORT = Number(arg('port', process.env.BENCH_PORT ?? '3341'));
const ONLY = arg('only', '');
const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL_POSTGRES;
const BASE = `http://127.0.0.1:${PORT}`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  child.stderr?.on('data', (d: Buffer) => process.env.BENCH_VERBOSE && process.stderr.write(`[${name}] ${d.toString()}`));
  return child;
}

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the app did not answer /api/health within 120 s');
}

async function measure(provider: Provider, url: string, dir: string): Promise<number[]> {
  await migrateDatabase({ url });
  const handle = await openDatabase(url);
  const { db } = handle;
  await createUser({ db, email: 'bench@stream.test', password: 'bench-password-1234', role: 'admin', actor: SYSTEM_ACTOR });
  const { token } = await createApiToken({ db, email: 'bench@stream.test', name: 'bench', actor: SYSTEM_ACTOR });
  await db.task.create({
    data: { key: 'bench-stream', name: 'bench stream', kind: 'shell', command: 'true', schedule: 'manual', timezone: 'UTC' },
  });
  const configFile = join(dir, `cronboard-${provider}.yaml`);
  writeFileSync(configFile, 'demo: false\n');
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: url,
    CRONBOARD_CONFIG: configFile,
    CRONBOARD_DEMO: 'false',
    NODE_ENV: 'production',
    PORT: String(PORT),
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const web = startProcess('web', join(root, 'node_modules/.bin/next'), ['start', '-p', String(PORT), '-H', '127.0.0.1'], env);
  const worker = startProcess('worker', process.execPath, ['--import', 'tsx', 'worker/main.ts'], env);
  const stop = (p: ChildProcess) => {
    try {
      process.kill(-p.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const delays: number[] = [];
  try {
    await waitForHealth();
    const auth = { authorization: `Bearer ${token}` };
    const response = await fetch(`${BASE}/api/v1/events/stream?type=run.succeeded&task=bench-stream`, { headers: auth });
    if (!response.ok) throw new Error(`the stream answered ${response.status}`);
    const sse = readSse(response.body!);
    for (let i = 0; i < RUNS; i++) {
      const queued = await fetch(`${BASE}/api/trpc/tasks.runNow`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ json: { key: 'bench-stream' } }),
      });
      if (!queued.ok) throw new Error(`runNow answered ${queued.status}: ${await queued.text()}`);
      const [event] = await sse.take(1, 30_000);
      const arrived = Date.now();
      const runId = (JSON.parse(event!.data!) as { runId: number }).runId;
      const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { finishedAt: true } });
      delays.push(arrived - run.finishedAt!.getTime());
    }
    await sse.close();
  } finally {
    stop(web);
    stop(worker);
    await handle.close();
  }
  return delays;
}

async function main() {
  if (!existsSync(join(root, '.next', 'BUILD_ID'))) throw new Error('no production build: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'cronboard-bench-stream-'));
  const rows: string[] = [];
  try {
    const targets: { provider: Provider; url: () => Promise<{ url: string; drop: () => Promise<void> }> }[] = [
      { provider: 'sqlite', url: async () => ({ url: `file:${join(dir, 'bench.db')}`, drop: async () => undefined }) },
    ];
    if (PG_URL) {
      targets.push({
        provider: 'postgresql',
        url: async () => {
          const scratch = await createPgDatabase(PG_URL, 'cronboard_bench_stream');
          return { url: scratch.url, drop: () => dropPgDatabase(PG_URL, scratch.name) };
        },
      });
    } else console.error('no BENCH_PG_URL / TEST_DATABASE_URL_POSTGRES: SQLite only');
    for (const target of targets.filter((t) => !ONLY || t.provider === ONLY)) {
      const { url, drop } = await target.url();
      try {
        const before = load();
        const delays = await measure(target.provider, url, dir);
        rows.push(
          `| ${target.provider} | ${delays.length} | ${quantile(delays, 0.5)} | ${quantile(delays, 0.99)} | ${Math.max(...delays)} | ${before} → ${load()} |`,
        );
        console.error(`${target.provider}: done`);
      } finally {
        await drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('| database | runs | p50 ms | p99 ms | max ms | load average (1/5/15 min), before → after |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
