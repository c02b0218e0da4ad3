// What a process costs, read from /proc: CPU (utime + stime) and RSS of a worker
// process, and the CPU of the PostgreSQL backends serving it (the backends of
// the bench database that appeared after the worker was spawned; the server's
// background processes and the bench's own connections are not counted).
import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) of `pid` so far; NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the ")" of the command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

export function rssMiB(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return Number(line?.match(/(\d+)/)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/** The backends of one database; `before()` is called before the worker is spawned. */
export async function backendMeter(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pids = async () =>
    (await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((r) => r.pid);
  let existing = new Set<number>();
  let baselineTaken = false;
  const base = new Map<number, number>();
  const last = new Map<number, number>();
  return {
    async before() {
      existing = new Set(await pids());
      baselineTaken = false;
      base.clear();
      last.clear();
    },
    /**
     * Reads the CPU of every backend that appeared since `before()`. `baseline`: the clock
     * starts now; a backend first seen after the baseline counts from 0.
     */
    async sample(baseline = false) {
      if (baseline) baselineTaken = true;
      for (const pid of await pids()) {
        if (existing.has(pid)) continue;
        const s = cpuSeconds(pid);
        if (!Number.isFinite(s)) continue;
        if (baseline || !baselineTaken) base.set(pid, s);
        else if (!base.has(pid)) base.set(pid, 0);
        last.set(pid, s);
      }
    },
    /** CPU seconds of the worker's backends since the baseline (a backend gone since is counted to its last sample). */
    seconds: () => [...last].reduce((sum, [pid, s]) => sum + s - (base.get(pid) ?? 0), 0),
    close: () => client.end(),
  };
}
export type BackendMeter = Awaited<ReturnType<typeof backendMeter>>;

/**
 * Times one drain of a worker process: `started()` is true once its first run
 * has started (the clock starts there: process start-up is reported apart),
 * `done()` once every run is finished. Samples RSS (peak) and CPU on the way.
 */
export async function meterDrain(opts: {
  pid: number;
  spawnedAt: number;
  backends: BackendMeter | null;
  started: () => Promise<boolean>;
  done: () => Promise<boolean>;
  maxMs: number;
  n: number;
  left: () => Promise<number>;
}) {
  const { pid, backends } = opts;
  let peak = rssMiB(pid);
  const poll = async (check: () => Promise<boolean>, everyMs: number, deadline: number) => {
    for (;;) {
      peak = Math.max(peak, rssMiB(pid));
      if (await check()) return true;
      if (Date.now() >= deadline) return false;
      await backends?.sample();
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  await poll(opts.started, 10, Date.now() + 120_000);
  const t0 = Date.now();
  const cpu0 = cpuSeconds(pid);
  await backends?.sample(true);
  const finished = await poll(opts.done, 100, t0 + opts.maxMs);
  const elapsed = (Date.now() - t0) / 1000;
  await backends?.sample();
  const cpu = cpuSeconds(pid) - cpu0;
  const done = finished ? opts.n : opts.n - (await opts.left());
  const per1k = (s: number) => (1000 * s) / Math.max(1, done);
  return {
    rate: done / elapsed,
    done,
    partial: !finished,
    startupS: (t0 - opts.spawnedAt) / 1000,
    rssPeakMiB: peak,
    workerCpuPer1k: per1k(cpu),
    pgCpuPer1k: backends ? per1k(backends.seconds()) : undefined,
  };
}

/** RSS of a worker process that has started and has nothing to do (`settleMs` after `ready()`). */
export async function idleRssMiB(pid: number, ready: () => Promise<boolean>, settleMs = 2_000): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (!(await ready()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, settleMs));
  return rssMiB(pid);
}
