// Retention while a worker drains (issue 16 item 1): on a database seeded by
// `npm run seed:perf -- --span-days 60` (about half its runs older than 30
// days), a worker in this process claims a steady trickle of runs while
// `cronboard prune` deletes the old ones in its bounded batches (another
// process, as the worker's hourly retention would be another worker).
// Prints the claim latency (availableAt → start, what
// cronboard_run_claim_latency_seconds measures) before and during the prune,
// how long the prune took and what it deleted, with the load average.
//
// --mode worker: the bench's worker prunes with its own retention instead (the
// side task beside its loop, worker/retention.ts), the hourly production path.
//
//   npx tsx scripts/bench-prune.ts --url file:/tmp/perf.db [--mode cli|worker] [--prune-seconds S] [--baseline-seconds 15] [--rate 20]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../server/auth/actor';
import { loadConfig } from '../server/config';
import { closeDatabase, openDatabase } from '../server/db';
import { createLogger } from '../server/lib/logger';
import type { WorkerObserver } from '../server/metrics/worker-metrics';
import { queueRuns } from '../server/queue/queue-runs';
import { createTask } from '../server/tasks/create-task';
import { CronboardWorker } from '../worker/worker';
import { arg, databaseUrlArg, loadAverage } from './lib/bench-kit';

const url = databaseUrlArg('bench-prune', 'a database seeded by npm run seed:perf -- --span-days 60');
const BASELINE_S = Number(arg('baseline-seconds', '15'));
const RATE = Number(arg('rate', '20'));
const MODE = arg('mode', 'cli');
/** Stop measuring after this long even if the prune is not over (0: wait for it); --mode cli stops the CLI then. */
const PRUNE_CAP_S = Number(arg('prune-seconds', '0'));
const load = loadAverage;
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * p) - 1)]! : NaN);
const summary = (xs: number[]) =>
  `${xs.length} claims: p50 ${pct(xs, 0.5).toFixed(0)} ms, p99 ${pct(xs, 0.99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;

let phase: 'baseline' | 'prune' | 'done' = 'baseline';

async function main(): Promise<void> {
  const handle = await openDatabase(url);
  const db = handle.db;
  const config = { ...loadConfig({ env: { DATABASE_URL: url, CRONBOARD_DEMO: 'false' } }), pollIntervalMs: 50, workerConcurrency: 8,
    // This worker's own hourly retention (worker/maintenance.ts) would prune too, inside its loop
    // pass, blocking its claims for the whole prune (what the first measurement found): keep it
    // out, so what is measured is another process pruning.
    historyRetentionDays: MODE === 'worker' ? 30 : 3650 };
  const key = `prune-probe-${Date.now()}`;
  await createTask({
    db,
    input: { key, name: key, kind: 'handler', handler: 'noop', schedule: 'manual', overlap: 'allow', maxInstances: 50 },
    actor: SYSTEM_ACTOR,
    source: 'cli',
    defaultTimezone: 'UTC',
  });
  // The seed's queued runs are hours old: cancel them, so the worker's queue is the trickle alone.
  const cancelled = await db.run.updateMany({ where: { status: 'queued' }, data: { status: 'cancelled', finishedAt: new Date() } });
  const latencies: Record<'baseline' | 'prune', number[]> = { baseline: [], prune: [] };
  const observer: WorkerObserver = {
    claimed(runs) {
      if (phase === 'done') return;
      for (const r of runs) if (r.task.key === key) latencies[phase].push(r.startedAt.getTime() - r.availableAt.getTime());
    },
  };
  let pruneDone: (outcome: string) => void = () => undefined;
  const pruneOver = new Promise<string>((resolve) => (pruneDone = resolve));
  const worker = new CronboardWorker({
    db,
    config,
    ...(MODE === 'worker'
      ? {
          retention: {
            checkMs: BASELINE_S * 1000,
            // A re-run must not find the hour's marker taken by the last run.
            everyMs: 1000,
            onPruneStart: () => (phase = 'prune'),
            onPruneEnd: (r: { runs: number; logs: number; batches: number }, s: number) =>
              pruneDone(`worker retention, ${s.toFixed(1)} s: ${r.runs} runs, ${r.logs} logs, ${r.batches} batches`),
          },
        }
      : {}),
    logger: createLogger({ name: 'bench-prune', level: 'warn' }),
    listenUrl: handle.provider === 'postgresql' ? url : undefined,
    observer,
  });
  await worker.start();
  // The trickle: RATE runs a second, each claimable at once.
  const feeder = setInterval(() => {
    void queueRuns({ db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR, times: Math.max(1, Math.round(RATE / 10)) }).catch((err: unknown) =>
      console.error('queue failed', err),
    );
  }, 100);

  console.log(`${handle.provider}: ${cancelled.count} seeded queued runs cancelled; baseline ${BASELINE_S} s at ${RATE} runs/s; load average ${load()}`);
  if (MODE === 'worker') {
    // The retention's first check is BASELINE_S after the worker started.
    const capped = PRUNE_CAP_S > 0 ? new Promise<string>((r) => setTimeout(() => r(`capped at ${PRUNE_CAP_S} s, still going (stopped between batches)`), (BASELINE_S + PRUNE_CAP_S) * 1000)) : null;
    console.log(`  prune: ${await (capped ? Promise.race([pruneOver, capped]) : pruneOver)}`);
  } else await cliPrune();
  phase = 'done';
  clearInterval(feeder);
  await worker.stop('bench over', 5000);
  console.log(`  claim latency before the prune: ${summary(latencies.baseline)}`);
  console.log(`  claim latency during the prune: ${summary(latencies.prune)}  (load average ${load()})`);
  await closeDatabase();
}

async function cliPrune(): Promise<void> {
  await new Promise((r) => setTimeout(r, BASELINE_S * 1000));
  phase = 'prune';
  const started = Date.now();
  const prune = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), [join(process.cwd(), 'cli/main.ts'), 'prune'], {
    env: { ...process.env, DATABASE_URL: url, HISTORY_RETENTION_DAYS: '30', CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  prune.stdout.on('data', (d: Buffer) => (out += d.toString()));
  // --prune-seconds: stop the CLI after that long (what it deleted stays deleted).
  const cap = PRUNE_CAP_S > 0 ? setTimeout(() => ((out = `capped at ${PRUNE_CAP_S} s, stopped`), prune.kill('SIGTERM')), PRUNE_CAP_S * 1000) : undefined;
  const code = await new Promise<number | null>((resolve) => prune.on('close', resolve));
  clearTimeout(cap);
  const pruneMs = Date.now() - started;
  console.log(`  prune: exit ${code}, ${(pruneMs / 1000).toFixed(1)} s: ${out.trim()}`);
}

await main();
