// Cronboard's side of the bench: one migrated database per provider with the
// tasks every workload uses, a worker on it, and the raw inserts and counts the
// workloads time. The workloads (drain.ts, shell.ts, latency.ts, priority.ts) start from here.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { loadConfig, type Config } from '../../server/config';
import { migrateDatabase, openDatabase, type DatabaseHandle, type Db, type Provider } from '../../server/db';
import { createLogger } from '../../server/lib/logger';
import { runPlan, sqlExecute, sqlQuery } from '../../server/queue/plan';
import { ts } from '../../server/queue/sql';
// One statement each, through the queue's SQL path (server/queue/plan.ts).
const execute = (db: Db, sql: string, ...params: unknown[]) => runPlan(db, () => sqlExecute(sql, params), { transaction: false });
const query = <T>(db: Db, sql: string, ...params: unknown[]) => runPlan(db, () => sqlQuery<T>(sql, params), { transaction: false });
import { createTask } from '../../server/tasks/create-task';
import type { TaskInput } from '../../server/tasks/schemas';
import { registerHandler } from '../../worker/handlers/registry';
import { CronboardWorker } from '../../worker/worker';
import { CONCURRENCY, DRAIN_TASKS, MAX_SECONDS, N, POLL_MS } from './options';
import { backendMeter, idleRssMiB, meterDrain } from './proc';
import { now, waitFor } from './stats';

/** When each run of the `bench.stamp` handler started (latency workload). */
export const stamps = new Map<number, number>();
registerHandler('bench.stamp', ({ runId }) => {
  stamps.set(runId, now());
  return null;
});

export interface Ours {
  provider: Provider;
  url: string;
  handle: DatabaseHandle;
  db: Db;
  config: Config;
  tasks: Record<string, number>;
  drop(): Promise<void>;
}

/** SQLite: a file in a temp folder. PostgreSQL: `pgUrl`, a database the caller made and drops. */
export async function setupOurs(provider: Provider, pgUrl?: string): Promise<Ours> {
  let url: string;
  let dropStore: () => Promise<void>;
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cronboard-bench-'));
    url = `file:${join(dir, 'bench.db')}`;
    dropStore = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    url = pgUrl!;
    dropStore = async () => undefined; // the caller drops the shared database
  }
  await migrateDatabase({ url });
  const handle = await openDatabase(url);
  const db = handle.db;
  const config: Config = {
    ...loadConfig({ env: { DATABASE_URL: url, CRONBOARD_DEMO: 'false' } }),
    allowedWorkdirs: [tmpdir()],
    ...(POLL_MS ? { pollIntervalMs: Number(POLL_MS) } : {}),
  };
  const tasks: Record<string, number> = {};
  const make = async (input: Partial<TaskInput> & { key: string }) => {
    const t = await createTask({
      db,
      input: { name: input.key, schedule: 'manual', overlap: 'allow', maxInstances: 1000, ...input } as TaskInput,
      actor: SYSTEM_ACTOR,
      source: 'cli',
      defaultTimezone: 'UTC',
    });
    tasks[input.key] = t.id;
  };
  await make({ key: 'noop', kind: 'handler', handler: 'noop' });
  for (let i = 1; i < DRAIN_TASKS; i++) await make({ key: `noop${i}`, kind: 'handler', handler: 'noop' });
  await make({ key: 'true', kind: 'shell', command: '/bin/true' });
  await make({ key: 'stamp', kind: 'handler', handler: 'bench.stamp' });
  for (const [i, p] of (['low', 'medium', 'high', 'urgent'] as const).entries()) {
    await make({ key: `prio${i}`, kind: 'handler', handler: 'sleep', payload: { ms: N.priorityWorkMs }, priority: p });
  }
  return {
    provider,
    url,
    handle,
    db,
    config,
    tasks,
    drop: async () => {
      await handle.close();
      await dropStore();
    },
  };
}

/** Every workload starts from an empty queue (the tasks stay). */
export async function resetOurs(o: Ours) {
  for (const table of ['RunLog', 'Event', 'Run', 'Worker']) await execute(o.db, `DELETE FROM "${table}"`);
}

/** Planner statistics after a bulk load, before timing (without them the claim plan flips mid-run). */
export async function analyzeOurs(o: Ours) {
  if (o.provider === 'postgresql') await execute(o.db, 'VACUUM ANALYZE "Run"');
  else await execute(o.db, 'ANALYZE');
}

export function oursWorker(o: Ours, concurrency = CONCURRENCY) {
  return new CronboardWorker({
    db: o.db,
    config: o.config,
    logger: createLogger({ name: 'bench-worker', level: 'silent' }),
    concurrency,
    listenUrl: o.provider === 'postgresql' ? o.url : undefined,
  });
}

/** `n` queued manual runs of one task in one statement. */
export async function bulkInsertRuns(o: Ours, taskKey: string, n: number, priority: number, at: Date) {
  const cols = `("taskId", status, trigger, attempt, "basePriority", priority, "availableAt", "createdAt", "requestedBy", "logBytes", "logTruncated")`;
  const vals = `$1, 'queued', 'manual', 1, $2, $2, $3, $3, 'bench', 0, false`;
  if (o.provider === 'postgresql') {
    await execute(
      o.db,
      `INSERT INTO "Run" ${cols} SELECT ${vals} FROM generate_series(1, $4)`,
      o.tasks[taskKey],
      priority,
      ts(o.provider, at),
      n,
    );
  } else {
    await execute(
      o.db,
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $4)
       INSERT INTO "Run" ${cols} SELECT ${vals} FROM seq`,
      o.tasks[taskKey],
      priority,
      ts(o.provider, at),
      n,
    );
  }
}

export async function countOurs(o: Ours, where: string): Promise<number> {
  const [row] = await query<{ n: number | bigint }>(o.db, `SELECT count(*) AS n FROM "Run" WHERE ${where}`);
  return Number(row!.n);
}

/** Waits until nothing is queued or running (or `timeoutMs` passes). */
export const settled = (o: Ours, timeoutMs: number, everyMs = 100) =>
  waitFor(async () => (await countOurs(o, `status IN ('queued', 'running')`)) === 0, timeoutMs, everyMs);

/**
 * Drains what is queued with a real `cronboard worker` process (WORKER_CONCURRENCY
 * 10): runs/s from its first run started to the last finished; start-up, its CPU
 * and its PostgreSQL backends' CPU per 1,000 runs and its peak RSS beside.
 */
export async function drainOurs(o: Ours, n: number, root = process.cwd()) {
  const backends = o.provider === 'postgresql' ? await backendMeter(o.url) : null;
  try {
    await backends?.before();
    const child = spawnWorker(o, 'bench-drain', { WORKER_CONCURRENCY: String(CONCURRENCY) }, root);
    const m = await meterDrain({
      pid: child.pid!,
      spawnedAt: now(),
      backends,
      started: async () => (await countOurs(o, `status <> 'queued'`)) > 0,
      done: async () => (await countOurs(o, `status IN ('queued', 'running')`)) === 0,
      left: () => countOurs(o, `status IN ('queued', 'running')`),
      maxMs: MAX_SECONDS * 1000,
      n,
    });
    await stopChild(child);
    const failed = await countOurs(o, `status NOT IN ('succeeded', 'queued', 'running')`);
    return { ...m, failed };
  } finally {
    await backends?.close();
  }
}

/** A real worker process's RSS once it has registered and sat idle for 2 s (nothing queued). */
export async function idleRssOurs(o: Ours, root = process.cwd()): Promise<number> {
  const child = spawnWorker(o, 'bench-idle-rss', {}, root);
  try {
    return await idleRssMiB(child.pid!, () => workerRegistered(o));
  } finally {
    await stopChild(child);
  }
}

/** A worker process has registered (its start-up is over; the bench database is reset before each spawn). */
export async function workerRegistered(o: Ours): Promise<boolean> {
  return Number((await query<{ n: number | bigint }>(o.db, 'SELECT count(*) AS n FROM "Worker"'))[0]!.n) > 0;
}

/**
 * A real `cronboard worker` process on the bench database, as a deployment
 * runs it (its own process, its own connections); `root`: the checkout whose
 * worker runs (BENCH_BASELINE_DIR, e.g. main, for a before/after in one run).
 */
export function spawnWorker(o: Ours, name: string, env: Record<string, string> = {}, root = process.cwd()): ChildProcess {
  // The installed bin: the precompiled CLI when it matches the sources (`node scripts/build-cli.mjs`), else tsx.
  return spawn(process.execPath, [...cpuProf(), join(root, 'bin/cronboard.mjs'), 'worker', '--name', name], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: o.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', ALLOWED_WORKDIRS: tmpdir(), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** BENCH_WORKER_CPU_PROF=DIR: every worker process writes a V8 CPU profile there when it stops. */
const cpuProf = (): string[] =>
  process.env.BENCH_WORKER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROF}`] : [];

/** SIGTERM (the worker drains) and wait for the exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  await closed;
}
