// Benchmark (not a test): the worker loop on SQLite and PostgreSQL, and with
// --compare graphile-worker 0.18 and pg-boss 12.38 on the same PostgreSQL, in
// the same run, alternating (A B C A B C ...). Prints figures; asserts nothing.
//
//   npm run bench:worker -- [--provider sqlite|postgresql|both] [--compare] [--quick]
//                           [--only drain,shell,latency,priority] [--repeats N]
//                           [--max-seconds S] [--poll-ms MS] [--drain-tasks K]
//
// Workloads (issue 4 item 14):
//   drain     N no-op handler runs queued up front (bulk insert + ANALYZE), concurrency 10;
//             runs/s from worker start until every run is finished (capped at --max-seconds,
//             then the rate of what finished is reported as partial).
//   shell     N shell `/bin/true` runs at concurrency 10, next to a bare execFile('/bin/true')
//             loop at the same concurrency (the 0.8x target's baseline) and, for reference,
//             execFile('/bin/sh', ['-c', '/bin/true']), which is what a shell run execs.
//   latency   200 manual runs queued 50 ms apart (queueRuns: one statement + NOTIFY on PostgreSQL) to
//             an idle worker; due-to-start = Run.startedAt (the claim) - Run.createdAt, and the
//             handler's first line - createdAt. Peers: handler entry - the time before send.
//   priority  a mixed-priority backlog (half due now, half becoming due over 3 s), concurrency 1,
//             10 ms sleep handler; an inversion is a pair where a run of lower effective priority
//             started while a higher one had been due for >= 20 ms; "distant" = >= 2 levels apart.
//
// PostgreSQL: BENCH_DATABASE_URL_POSTGRES (default postgresql://cronboard:cronboard@localhost:5432/postgres)
// is the maintenance database; the bench creates its own database and drops it at the end.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type * as GraphileWorker from 'graphile-worker';
import pg from 'pg';
import type * as PgBossLib from 'pg-boss';
import { SYSTEM_ACTOR } from '../server/auth/actor';
import { loadConfig, type Config } from '../server/config';
import { migrateDatabase, openDatabase, type DatabaseHandle, type Db, type Provider } from '../server/db';
import { createLogger } from '../server/lib/logger';
import { runPlan, sqlExecute, sqlQuery } from '../server/queue/plan';
import { queueRuns } from '../server/queue/queue-runs';
import { ts } from '../server/queue/sql';
import { createTask } from '../server/tasks/create-task';
import type { TaskInput } from '../server/tasks/schemas';
import { registerHandler } from '../worker/handlers/registry';
import { CronboardWorker } from '../worker/worker';

const execFileP = promisify(execFile);
// One statement each, through the queue's SQL path (server/queue/plan.ts).
const execute = (db: Db, sql: string, ...params: unknown[]) => runPlan(db, () => sqlExecute(sql, params), { transaction: false });
const query = <T>(db: Db, sql: string, ...params: unknown[]) => runPlan(db, () => sqlQuery<T>(sql, params), { transaction: false });

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const QUICK = flag('--quick');
const COMPARE = flag('--compare');
const PROVIDERS: Provider[] = (() => {
  const p = opt('--provider', 'both');
  if (p === 'both') return ['sqlite', 'postgresql'];
  if (p === 'sqlite' || p === 'postgresql') return [p];
  throw new Error(`--provider must be sqlite, postgresql or both, got ${p}`);
})();
const ONLY = new Set(opt('--only', 'drain,shell,latency,priority').split(','));
const REPEATS = Number(opt('--repeats', COMPARE && !QUICK ? '3' : '1'));
const MAX_SECONDS = Number(opt('--max-seconds', QUICK ? '20' : '60'));
const POLL_MS = opt('--poll-ms', '');
/** Spread the drain's runs over this many tasks (1: all runs of one task, as a single task's backlog). */
const DRAIN_TASKS = Number(opt('--drain-tasks', '1'));
const CONCURRENCY = 10;
const N = {
  drain: QUICK ? 2_000 : 20_000,
  shell: QUICK ? 200 : 2_000,
  latency: QUICK ? 40 : 200,
  latencyGapMs: 50,
  priority: QUICK ? 80 : 300,
  prioritySpreadMs: 3_000,
  priorityWorkMs: 10,
};
const INVERSION_SLACK_MS = 20;
const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL_POSTGRES ?? 'postgresql://cronboard:cronboard@localhost:5432/postgres';

// ---------------------------------------------------------------- small helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const now = () => Date.now();

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[idx]!;
}
const median = (values: number[]) => {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (now() >= deadline) return false;
    await sleep(everyMs);
  }
}

/** Runs `n` calls of `fn` with at most `concurrency` at a time. */
async function pool(n: number, concurrency: number, fn: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        await fn();
      }
    }),
  );
}

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** The mixed backlog of the priority workload: same for every system. */
function priorityBacklog(t0: number): { prio: number; dueAt: number }[] {
  const rand = lcg(7);
  return Array.from({ length: N.priority }, () => ({
    prio: Math.floor(rand() * 4),
    dueAt: rand() < 0.5 ? t0 - 1000 : t0 + Math.floor(rand() * N.prioritySpreadMs),
  }));
}

interface Started {
  prio: number;
  dueAt: number;
  startedAt: number;
}

function countInversions(runs: Started[]): { total: number; distant: number } {
  let total = 0;
  let distant = 0;
  for (const a of runs) {
    for (const b of runs) {
      if (a.startedAt < b.startedAt && a.prio < b.prio && b.dueAt + INVERSION_SLACK_MS <= a.startedAt) {
        total++;
        if (b.prio - a.prio >= 2) distant++;
      }
    }
  }
  return { total, distant };
}

// ---------------------------------------------------------------- result collection

interface Figures {
  drainRate?: number;
  drainDone?: number;
  drainPartial?: boolean;
  shellRate?: number;
  bareRate?: number;
  shRate?: number;
  latClaim?: number[]; // p50, p95, p99 (ms)
  latHandler?: number[];
  inversions?: number;
  distant?: number;
  failed?: number;
}
type SystemName = string;
const results = new Map<string, Map<SystemName, Figures[]>>(); // scope -> system -> per repeat

function record(scope: string, system: SystemName, repeat: number, f: Figures) {
  const bySystem = results.get(scope) ?? new Map<SystemName, Figures[]>();
  results.set(scope, bySystem);
  const list = bySystem.get(system) ?? [];
  bySystem.set(system, list);
  list[repeat] = { ...(list[repeat] ?? {}), ...f };
  const bits = Object.entries(f)
    .map(
      ([k, v]) =>
        `${k}=${Array.isArray(v) ? v.map((x: number) => x.toFixed(1)).join('/') : typeof v === 'number' ? v.toFixed(1) : String(v)}`,
    )
    .join(' ');
  console.error(`  [${scope}] #${repeat + 1} ${system}: ${bits}`);
}

// ---------------------------------------------------------------- Cronboard

const stamps = new Map<number, number>();
registerHandler('bench.stamp', ({ runId }) => {
  stamps.set(runId, now());
  return null;
});

interface Ours {
  provider: Provider;
  url: string;
  handle: DatabaseHandle;
  db: Db;
  config: Config;
  tasks: Record<string, number>;
  drop(): Promise<void>;
}

async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cronboard_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function setupOurs(provider: Provider, pgUrl?: string): Promise<Ours> {
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

async function resetOurs(o: Ours) {
  for (const table of ['RunLog', 'Event', 'Run', 'Worker']) await execute(o.db, `DELETE FROM "${table}"`);
}

async function analyzeOurs(o: Ours) {
  if (o.provider === 'postgresql') await execute(o.db, 'VACUUM ANALYZE "Run"');
  else await execute(o.db, 'ANALYZE');
}

function oursWorker(o: Ours, concurrency = CONCURRENCY) {
  return new CronboardWorker({
    db: o.db,
    config: o.config,
    logger: createLogger({ name: 'bench-worker', level: 'silent' }),
    concurrency,
    listenUrl: o.provider === 'postgresql' ? o.url : undefined,
  });
}

async function bulkInsertRuns(o: Ours, taskKey: string, n: number, priority: number, at: Date) {
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

async function countOurs(o: Ours, where: string): Promise<number> {
  const [row] = await query<{ n: number | bigint }>(o.db, `SELECT count(*) AS n FROM "Run" WHERE ${where}`);
  return Number(row!.n);
}

/** Drains what is queued; returns runs/s and whether it hit the time cap. */
async function drainOurs(o: Ours, n: number): Promise<{ rate: number; done: number; partial: boolean; failed: number }> {
  const worker = oursWorker(o);
  const t0 = now();
  await worker.start();
  const finished = await waitFor(
    async () => (await countOurs(o, `status IN ('queued', 'running')`)) === 0,
    MAX_SECONDS * 1000,
    100,
  );
  const elapsed = (now() - t0) / 1000;
  const done = await countOurs(o, `status = 'succeeded'`);
  await worker.stop('bench', 10_000);
  const failed = await countOurs(o, `status NOT IN ('succeeded', 'queued', 'running')`);
  return { rate: (finished ? n : done) / elapsed, done: finished ? n : done, partial: !finished, failed };
}

async function oursDrain(o: Ours, repeat: number, scope: string) {
  await resetOurs(o);
  const at = new Date(now() - 1000);
  for (let i = 0; i < DRAIN_TASKS; i++) {
    const share = Math.floor(N.drain / DRAIN_TASKS) + (i < N.drain % DRAIN_TASKS ? 1 : 0);
    await bulkInsertRuns(o, i === 0 ? 'noop' : `noop${i}`, share, 1, at);
  }
  await analyzeOurs(o);
  const r = await drainOurs(o, N.drain);
  record(scope, 'cronboard', repeat, { drainRate: r.rate, drainDone: r.done, drainPartial: r.partial, failed: r.failed });
}

async function oursShell(o: Ours, repeat: number, scope: string) {
  await resetOurs(o);
  await bulkInsertRuns(o, 'true', N.shell, 1, new Date(now() - 1000));
  await analyzeOurs(o);
  const r = await drainOurs(o, N.shell);
  record(scope, 'cronboard', repeat, { shellRate: r.rate, failed: r.failed, ...(r.partial ? { drainPartial: true } : {}) });
}

async function oursLatency(o: Ours, repeat: number, scope: string) {
  await resetOurs(o);
  stamps.clear();
  const worker = oursWorker(o);
  await worker.start();
  await sleep(1500); // idle: first passes done, sleeping in its poll
  const ids: number[] = [];
  for (let i = 0; i < N.latency; i++) {
    ids.push(...(await queueRuns({ db: o.db, task: { key: 'stamp' }, trigger: 'manual', actor: SYSTEM_ACTOR })));
    await sleep(N.latencyGapMs);
  }
  await waitFor(async () => (await countOurs(o, `status IN ('queued', 'running')`)) === 0, 30_000, 100);
  await worker.stop('bench', 10_000);
  const rows = await o.db.run.findMany({
    where: { id: { in: ids } },
    select: { id: true, createdAt: true, availableAt: true, startedAt: true },
  });
  const claim = rows.filter((r) => r.startedAt).map((r) => r.startedAt!.getTime() - r.availableAt.getTime());
  const handler = rows.filter((r) => stamps.has(r.id)).map((r) => stamps.get(r.id)! - r.createdAt.getTime());
  record(scope, 'cronboard', repeat, {
    latClaim: [0.5, 0.95, 0.99].map((q) => quantile(claim, q)),
    latHandler: [0.5, 0.95, 0.99].map((q) => quantile(handler, q)),
  });
}

async function oursPriority(o: Ours, repeat: number, scope: string) {
  await resetOurs(o);
  const t0 = now() + 500;
  const backlog = priorityBacklog(t0);
  await o.db.run.createMany({
    data: backlog.map((b) => ({
      taskId: o.tasks[`prio${b.prio}`]!,
      status: 'queued',
      trigger: 'manual',
      basePriority: b.prio,
      priority: b.prio,
      availableAt: new Date(b.dueAt),
      createdAt: new Date(t0 - 1000),
      requestedBy: 'bench',
    })),
  });
  await analyzeOurs(o);
  await sleep(Math.max(0, t0 - now()));
  const worker = oursWorker(o, 1);
  await worker.start();
  await waitFor(async () => (await countOurs(o, `status IN ('queued', 'running')`)) === 0, 120_000, 200);
  await worker.stop('bench', 10_000);
  const rows = await o.db.run.findMany({ select: { priority: true, availableAt: true, startedAt: true } });
  const started = rows
    .filter((r) => r.startedAt)
    .map((r) => ({ prio: r.priority, dueAt: r.availableAt.getTime(), startedAt: r.startedAt!.getTime() }));
  const inv = countInversions(started);
  record(scope, 'cronboard', repeat, { inversions: inv.total, distant: inv.distant });
}

// ---------------------------------------------------------------- graphile-worker

type GraphileModule = typeof GraphileWorker;
type PgBossModule = typeof PgBossLib;

interface Peer {
  name: string;
  drain(repeat: number, scope: string): Promise<void>;
  shell(repeat: number, scope: string): Promise<void>;
  latency(repeat: number, scope: string): Promise<void>;
  priority(repeat: number, scope: string): Promise<void>;
  close(): Promise<void>;
}

async function countSql(client: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await client.query<{ n: string }>(sql, params);
  return Number(rows[0]!.n);
}

async function graphilePeer(url: string): Promise<Peer> {
  const gw: GraphileModule = await import('graphile-worker');
  const silent = new gw.Logger(() => () => undefined);
  await gw.runMigrations({ connectionString: url, logger: silent });
  const utils = await gw.makeWorkerUtils({ connectionString: url, logger: silent });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const jobsLeft = () => countSql(client, 'SELECT count(*) AS n FROM graphile_worker._private_jobs');
  const fast = { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0 } };
  const seen = new Map<string, number>();
  let calls = 0; // handler calls of the drains: checks that "no jobs left" means "all ran"
  const taskList = {
    noop: async () => {
      calls++;
    },
    sh: async () => {
      calls++;
      await execFileP('/bin/sh', ['-c', '/bin/true']);
    },
    stamp: async (payload: unknown) => {
      const p = payload as { id: string; t: number };
      seen.set(p.id, now() - p.t);
    },
    prio: async (payload: unknown) => {
      const p = payload as { id: string };
      seen.set(p.id, now());
      await sleep(N.priorityWorkMs);
    },
  };
  const runWith = (concurrency: number, preset: object | undefined) =>
    gw.run({
      connectionString: url,
      concurrency,
      noHandleSignals: true,
      logger: silent,
      taskList,
      ...(preset ? { preset } : {}),
    });

  async function addMany(identifier: string, n: number) {
    for (let done = 0; done < n; done += 5000) {
      const k = Math.min(5000, n - done);
      await utils.addJobs(Array.from({ length: k }, () => ({ identifier, payload: {} })));
    }
    await client.query('VACUUM ANALYZE graphile_worker._private_jobs');
  }
  async function drain(identifier: string, n: number): Promise<{ rate: number; done: number; partial: boolean }> {
    calls = 0;
    const t0 = now();
    const runner = await runWith(CONCURRENCY, fast);
    const finished = await waitFor(async () => (await jobsLeft()) === 0, MAX_SECONDS * 1000, 100);
    const elapsed = (now() - t0) / 1000;
    const left = await jobsLeft();
    await runner.stop();
    if (calls !== n - left) console.error(`  ! graphile-worker ${identifier}: ${calls} handler calls for ${n - left} jobs gone`);
    await client.query('DELETE FROM graphile_worker._private_jobs');
    return { rate: (n - left) / elapsed, done: n - left, partial: !finished };
  }
  return {
    name: 'graphile-worker',
    async drain(repeat, scope) {
      await addMany('noop', N.drain);
      const r = await drain('noop', N.drain);
      record(scope, 'graphile-worker', repeat, { drainRate: r.rate, drainDone: r.done, drainPartial: r.partial });
    },
    async shell(repeat, scope) {
      await addMany('sh', N.shell);
      const r = await drain('sh', N.shell);
      record(scope, 'graphile-worker', repeat, { shellRate: r.rate, ...(r.partial ? { drainPartial: true } : {}) });
    },
    async latency(repeat, scope) {
      seen.clear();
      const runner = await runWith(CONCURRENCY, undefined); // defaults: the local queue is a throughput option
      await sleep(1500);
      for (let i = 0; i < N.latency; i++) {
        await utils.addJob('stamp', { id: String(i), t: now() });
        await sleep(N.latencyGapMs);
      }
      await waitFor(async () => seen.size >= N.latency, 30_000, 50);
      await runner.stop();
      const lat = [...seen.values()];
      record(scope, 'graphile-worker', repeat, { latHandler: [0.5, 0.95, 0.99].map((q) => quantile(lat, q)) });
    },
    async priority(repeat, scope) {
      seen.clear();
      const t0 = now() + 500;
      const backlog = priorityBacklog(t0);
      // graphile-worker: lower number = more urgent.
      await utils.addJobs(
        backlog.map((b, i) => ({
          identifier: 'prio',
          payload: { id: String(i) },
          priority: 3 - b.prio,
          runAt: new Date(b.dueAt),
        })),
      );
      await client.query('VACUUM ANALYZE graphile_worker._private_jobs');
      await sleep(Math.max(0, t0 - now()));
      const runner = await runWith(1, undefined);
      await waitFor(async () => seen.size >= backlog.length && (await jobsLeft()) === 0, 120_000, 100);
      await runner.stop();
      const inv = countInversions(backlog.map((b, i) => ({ ...b, startedAt: seen.get(String(i)) ?? Infinity })));
      record(scope, 'graphile-worker', repeat, { inversions: inv.total, distant: inv.distant });
    },
    async close() {
      await utils.release();
      await client.end();
    },
  };
}

// ---------------------------------------------------------------- pg-boss

async function pgBossPeer(url: string): Promise<Peer> {
  const { PgBoss }: PgBossModule = await import('pg-boss');
  const boss = new PgBoss({ connectionString: url, max: 10, useListenNotify: true, schedule: false });
  boss.on('error', (err: unknown) => console.error('pg-boss error:', err));
  await boss.start();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let seq = 0;
  const work = { batchSize: CONCURRENCY, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true };
  const notDone = (queue: string) =>
    countSql(client, `SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND state <> 'completed'`, [queue]);

  async function load(queue: string, jobs: { data: object; priority?: number; startAfter?: Date }[], notify = false) {
    await boss.createQueue(queue, { notify });
    for (let i = 0; i < jobs.length; i += 5000) await boss.insert(queue, jobs.slice(i, i + 5000));
    await client.query('ANALYZE pgboss.job');
  }
  async function drain(queue: string, n: number, handler: () => Promise<unknown>) {
    let calls = 0;
    const t0 = now();
    await boss.work(queue, work, async (jobs) => {
      calls += jobs.length;
      await Promise.all(jobs.map(() => handler()));
    });
    const finished = await waitFor(async () => (await notDone(queue)) === 0, MAX_SECONDS * 1000, 100);
    const elapsed = (now() - t0) / 1000;
    const left = await notDone(queue);
    await boss.offWork(queue, { wait: true });
    await boss.deleteQueue(queue);
    if (calls !== n - left) console.error(`  ! pg-boss ${queue}: ${calls} handler calls for ${n - left} jobs completed`);
    return { rate: (n - left) / elapsed, done: n - left, partial: !finished };
  }
  return {
    name: 'pg-boss',
    async drain(repeat, scope) {
      const q = `noop${++seq}`;
      await load(
        q,
        Array.from({ length: N.drain }, () => ({ data: {} })),
      );
      const r = await drain(q, N.drain, async () => undefined);
      record(scope, 'pg-boss', repeat, { drainRate: r.rate, drainDone: r.done, drainPartial: r.partial });
    },
    async shell(repeat, scope) {
      const q = `sh${++seq}`;
      await load(
        q,
        Array.from({ length: N.shell }, () => ({ data: {} })),
      );
      const r = await drain(q, N.shell, () => execFileP('/bin/sh', ['-c', '/bin/true']));
      record(scope, 'pg-boss', repeat, { shellRate: r.rate, ...(r.partial ? { drainPartial: true } : {}) });
    },
    async latency(repeat, scope) {
      const q = `stamp${++seq}`;
      await boss.createQueue(q, { notify: true });
      const lat: number[] = [];
      await boss.work<{ t: number }>(q, work, async (jobs) => {
        for (const j of jobs) lat.push(now() - j.data.t);
      });
      await sleep(1500);
      for (let i = 0; i < N.latency; i++) {
        await boss.send(q, { t: now() });
        await sleep(N.latencyGapMs);
      }
      await waitFor(async () => lat.length >= N.latency, 30_000, 50);
      await boss.offWork(q, { wait: true });
      await boss.deleteQueue(q);
      record(scope, 'pg-boss', repeat, { latHandler: [0.5, 0.95, 0.99].map((x) => quantile(lat, x)) });
    },
    async priority(repeat, scope) {
      const q = `prio${++seq}`;
      const t0 = now() + 500;
      const backlog = priorityBacklog(t0);
      await load(
        q,
        backlog.map((b, i) => ({ data: { i }, priority: b.prio, startAfter: new Date(b.dueAt) })),
      );
      await sleep(Math.max(0, t0 - now()));
      const seen = new Map<number, number>();
      // batchSize 1 is concurrency 1; pg-boss then waits its polling interval (>= 0.5 s) after
      // every fetch (burst mode needs batchSize > 1), so this step is slow, which does not
      // matter for counting inversions.
      await boss.work<{ i: number }>(q, { ...work, batchSize: 1 }, async (jobs) => {
        for (const j of jobs) {
          seen.set(j.data.i, now());
          await sleep(N.priorityWorkMs);
        }
      });
      await waitFor(async () => (await notDone(q)) === 0, 120_000, 100);
      await boss.offWork(q, { wait: true });
      await boss.deleteQueue(q);
      const inv = countInversions(backlog.map((b, i) => ({ ...b, startedAt: seen.get(i) ?? Infinity })));
      record(scope, 'pg-boss', repeat, { inversions: inv.total, distant: inv.distant });
    },
    async close() {
      await boss.stop({ graceful: true, close: true, timeout: 10_000 });
      await client.end();
    },
  };
}

// ---------------------------------------------------------------- baselines

async function baselines(repeat: number, scope: string) {
  let t0 = now();
  await pool(N.shell, CONCURRENCY, () => execFileP('/bin/true'));
  const bareRate = N.shell / ((now() - t0) / 1000);
  t0 = now();
  await pool(N.shell, CONCURRENCY, () => execFileP('/bin/sh', ['-c', '/bin/true']));
  const shRate = N.shell / ((now() - t0) / 1000);
  record(scope, 'execFile', repeat, { bareRate, shRate });
}

// ---------------------------------------------------------------- report

function pick(scope: string, system: string, key: keyof Figures): number[] {
  return (results.get(scope)?.get(system) ?? []).map((f) => f?.[key]).filter((v): v is number => typeof v === 'number');
}
function pickQ(scope: string, system: string, key: 'latClaim' | 'latHandler', i: number): number[] {
  return (results.get(scope)?.get(system) ?? []).map((f) => f?.[key]?.[i]).filter((v): v is number => typeof v === 'number');
}
/** "median (min–max)" over repeats. */
function spread(values: number[], digits = 0): string {
  if (values.length === 0) return '–';
  if (values.length === 1 || Math.min(...values) === Math.max(...values)) return fmt(values[0]!, digits);
  return `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}
/** Per-repeat ratios a/b, then their median. */
function ratio(scope: string, a: [string, keyof Figures], b: [string, keyof Figures]): string {
  const xs = pick(scope, a[0], a[1]);
  const ys = pick(scope, b[0], b[1]);
  const rs = xs.map((x, i) => x / (ys[i] ?? NaN)).filter((r) => Number.isFinite(r));
  return rs.length ? `${spread(rs, median(rs) < 0.1 ? 3 : 2)}×` : '–';
}

function report() {
  const lines: string[] = [];
  const row = (...cells: string[]) => lines.push(`| ${cells.join(' | ')} |`);
  lines.push('');
  lines.push(
    `Worker benchmark — ${new Date().toISOString()} · Node ${process.version} · ${cpus().length} cores · load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} · ${QUICK ? 'QUICK ' : ''}repeats ${REPEATS} · drain cap ${MAX_SECONDS} s${DRAIN_TASKS > 1 ? ` · drain spread over ${DRAIN_TASKS} tasks` : ''}`,
  );
  lines.push(
    `counts: drain ${N.drain}, shell ${N.shell}, latency ${N.latency} × ${N.latencyGapMs} ms, priority ${N.priority}; concurrency ${CONCURRENCY}`,
  );
  lines.push('figures: median (min–max) over repeats; ratios are per-repeat (same run), then their median');
  lines.push('');
  row(
    'scope',
    'system',
    'no-op drain runs/s',
    'shell runs/s',
    'execFile /bin/true /s',
    'execFile sh -c /s',
    'latency claim p50/p95/p99 ms',
    'latency handler p50/p95/p99 ms',
    'inversions (distant)',
  );
  row('---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:');
  for (const [scope, bySystem] of results) {
    for (const [system, list] of bySystem) {
      const partial = list.some((f) => f?.drainPartial);
      const done = pick(scope, system, 'drainDone');
      const lat = (key: 'latClaim' | 'latHandler') =>
        pickQ(scope, system, key, 0).length
          ? [0, 1, 2].map((i) => fmt(median(pickQ(scope, system, key, i)), 1)).join(' / ')
          : '–';
      const inv = pick(scope, system, 'inversions');
      row(
        scope,
        system,
        spread(pick(scope, system, 'drainRate')) + (partial ? ` (partial: ${fmt(median(done))} done in ${MAX_SECONDS} s)` : ''),
        spread(pick(scope, system, 'shellRate')),
        spread(pick(scope, system, 'bareRate')),
        spread(pick(scope, system, 'shRate')),
        lat('latClaim'),
        lat('latHandler'),
        inv.length ? `${spread(inv)} (${spread(pick(scope, system, 'distant'))})` : '–',
      );
      const failed = pick(scope, system, 'failed').reduce((s, x) => s + x, 0);
      if (failed > 0) lines.push(`  ! ${scope}/${system}: ${failed} runs did not succeed`);
    }
  }
  lines.push('');
  lines.push('Ratios and targets:');
  for (const scope of results.keys()) {
    if (ONLY.has('shell'))
      lines.push(
        `- ${scope}: shell / bare execFile /bin/true = ${ratio(scope, ['cronboard', 'shellRate'], ['execFile', 'bareRate'])} (target ≥ 0.8×)`,
      );
    if (ONLY.has('shell'))
      lines.push(
        `- ${scope}: shell / execFile sh -c /bin/true = ${ratio(scope, ['cronboard', 'shellRate'], ['execFile', 'shRate'])}`,
      );
    for (const peer of ['graphile-worker', 'pg-boss']) {
      if (!results.get(scope)?.has(peer)) continue;
      if (ONLY.has('drain'))
        lines.push(
          `- ${scope}: no-op drain cronboard / ${peer} = ${ratio(scope, ['cronboard', 'drainRate'], [peer, 'drainRate'])}`,
        );
      if (ONLY.has('shell')) {
        lines.push(
          `- ${scope}: shell drain cronboard / ${peer} = ${ratio(scope, ['cronboard', 'shellRate'], [peer, 'shellRate'])}`,
        );
        lines.push(
          `- ${scope}: ${peer} shell / bare execFile /bin/true = ${ratio(scope, [peer, 'shellRate'], ['execFile', 'bareRate'])}`,
        );
      }
    }
  }
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------- main

async function main() {
  const pgDb = PROVIDERS.includes('postgresql') ? await createPgDatabase() : null;
  const cleanups: (() => Promise<void>)[] = [];
  const stopping = () => {
    console.error('interrupted: cleaning up');
    void Promise.allSettled(cleanups.map((c) => c()))
      .then(() => pgDb?.drop().catch(() => undefined))
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', stopping);
  process.once('SIGTERM', stopping);
  process.once('SIGHUP', stopping);
  try {
    for (const provider of PROVIDERS) {
      const scope = provider;
      console.error(`== ${provider}`);
      const ours = await setupOurs(provider, pgDb?.url);
      cleanups.push(() => ours.drop());
      const peers: Peer[] = [];
      if (COMPARE && provider === 'postgresql') {
        peers.push(await graphilePeer(pgDb!.url));
        cleanups.push(() => peers[0]!.close());
        peers.push(await pgBossPeer(pgDb!.url));
        cleanups.push(() => peers[1]!.close());
      }
      for (let r = 0; r < REPEATS; r++) {
        // Alternating: each workload runs ours, then each peer, within the same repeat.
        if (ONLY.has('drain')) {
          await oursDrain(ours, r, scope);
          for (const p of peers) await p.drain(r, scope);
        }
        if (ONLY.has('shell')) {
          await baselines(r, scope);
          await oursShell(ours, r, scope);
          for (const p of peers) await p.shell(r, scope);
        }
        if (ONLY.has('latency')) {
          await oursLatency(ours, r, scope);
          for (const p of peers) await p.latency(r, scope);
        }
        if (ONLY.has('priority')) {
          await oursPriority(ours, r, scope);
          for (const p of peers) await p.priority(r, scope);
        }
      }
      for (const c of cleanups.splice(0).reverse()) await c();
    }
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await pgDb?.drop().catch((err: unknown) => console.error('could not drop the bench database:', err));
  }
  report();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
