// The bench's command line, parsed once: every workload file reads its settings from here.
import type { Provider } from '../../server/db';

export const USAGE = `Benchmark (not a test): the worker loop on SQLite and PostgreSQL, and with
--compare graphile-worker 0.18 and pg-boss 12.38 on the same PostgreSQL, in
the same run, alternating (the drain's order rotates by repeat). Every system's
worker runs in its own process: Cronboard's is \`node bin/cronboard.mjs worker\`,
the peers' are bench/peers/*.mjs (the bench/ package, installed on first use).
Prints figures; asserts nothing.

  npm run bench:worker -- [--provider sqlite|postgresql|both] [--compare] [--quick]
                          [--only drain,shell,latency,priority] [--repeats N]
                          [--max-seconds S] [--poll-ms MS] [--drain-tasks K] [--drain-runs N] [--idle-seconds S]

  --provider     which database(s) Cronboard runs on (default both)
  --compare      also run pg-boss (batchSize 10, burstWhenBatchFull) and graphile-worker (defaults;
                 drain also with localQueue.size = concurrency + 1 and 500) on the PostgreSQL database
  --quick        smaller counts and a 20 s drain cap, for a smoke run
  --only         the workloads to run, comma-separated (default the first four; herd, idle only when named)
  --repeats      repeats of every workload (default 3 with --compare, else 1)
  --max-seconds  cap on one drain; what finished by then is reported as partial (default 60, 20 with --quick)
  --poll-ms      the worker's POLL_INTERVAL_MS (default: the configuration's)
  --drain-tasks  spread the drain's runs over this many tasks (default 1: one task's backlog)
  --drain-runs   the drain's run count (default 20000, 2000 with --quick)
  --idle-seconds the idle workload's window (default 60, 10 with --quick)

Workloads:
  drain     N no-op handler runs queued up front (bulk insert + ANALYZE), concurrency 10;
            runs/s from the worker process's first run started until every run is finished;
            start-up (spawn → first run), worker CPU and PostgreSQL backend CPU per 1,000 runs
            (/proc/PID/stat), RSS idle (a worker with nothing queued, 2 s after start) and peak.
  shell     N shell \`/bin/true\` runs at concurrency 10, next to a bare execFile('/bin/true')
            loop at the same concurrency and execFile('/bin/sh', ['-c', '/bin/true']), which is
            what a shell run execs (the 0.9x target's baseline, issue 14 item 5).
  latency   manual runs queued 50 ms apart (queueRuns: one statement + NOTIFY on PostgreSQL) to
            an idle worker; due-to-start = Run.startedAt (the claim) - Run.createdAt, and the
            handler's first line - createdAt. Peers: handler entry - the time before send.
  priority  a mixed-priority backlog (half due now, half becoming due over 3 s), concurrency 1,
            10 ms sleep handler; an inversion is a pair where a run of lower effective priority
            started while a higher one had been due for >= 20 ms; "distant" = >= 2 levels apart.

  herd      the midnight herd: N tasks on \`0 0 * * *\` due at one fire time (+ N/5 on \`*/5\`), 4 worker
            processes at concurrency 10: fire time → all queued and → all started, runs beyond one per
            task and fire time, an urgent manual run's start latency 1 s into the herd; and before it,
            the schedule tick's median time per pass with every task idle, and the tick alone (one
            caller, no worker) from all N due to all queued.
  idle      a real \`cronboard worker\` process with nothing to do: its CPU over --idle-seconds
            (/proc/PID/stat utime+stime, % of one core) and RSS. BENCH_BASELINE_DIR=/path/to/checkout:
            that checkout's worker too, alternating ("baseline": before/after in one run).

PostgreSQL: BENCH_DATABASE_URL_POSTGRES (default postgresql://cronboard:cronboard@localhost:5432/postgres)
is the maintenance database; the bench creates its own database and drops it at the end.
BENCH_WORKER_CPU_PROF=DIR: each Cronboard worker process writes a V8 CPU profile (--cpu-prof) there when it stops.`;

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};

export const HELP = flag('--help') || flag('-h');
export const QUICK = flag('--quick');
export const COMPARE = flag('--compare');
export const PROVIDERS: Provider[] = (() => {
  const p = opt('--provider', 'both');
  if (p === 'both') return ['sqlite', 'postgresql'];
  if (p === 'sqlite' || p === 'postgresql') return [p];
  throw new Error(`--provider must be sqlite, postgresql or both, got ${p}`);
})();
export const ONLY = new Set(opt('--only', 'drain,shell,latency,priority').split(','));
/** The idle workload's window (idle and herd run only when named in --only). */
export const IDLE_SECONDS = Number(opt('--idle-seconds', QUICK ? '10' : '60'));
export const REPEATS = Number(opt('--repeats', COMPARE && !QUICK ? '3' : '1'));
export const MAX_SECONDS = Number(opt('--max-seconds', QUICK ? '20' : '60'));
export const POLL_MS = opt('--poll-ms', '');
/** Spread the drain's runs over this many tasks (1: all runs of one task, as a single task's backlog). */
export const DRAIN_TASKS = Number(opt('--drain-tasks', '1'));
export const CONCURRENCY = 10;
export const N = {
  drain: Number(opt('--drain-runs', QUICK ? '2000' : '20000')),
  shell: QUICK ? 200 : 2_000,
  latency: QUICK ? 40 : 200,
  latencyGapMs: 50,
  priority: QUICK ? 80 : 300,
  prioritySpreadMs: 3_000,
  priorityWorkMs: 10,
  herd: QUICK ? 1_000 : 10_000,
  herdBackground: QUICK ? 200 : 2_000,
};
export const INVERSION_SLACK_MS = 20;
export const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL_POSTGRES ?? 'postgresql://cronboard:cronboard@localhost:5432/postgres';
