// idle: a real `cronboard worker` process on the bench database, with nothing
// to do; its CPU (utime + stime from /proc/PID/stat) over IDLE_SECONDS, as %
// of one core, and its RSS at the end. On SQLite this includes the
// PRAGMA data_version check every 25 ms that makes Run now instant.
import { IDLE_SECONDS } from './options';
import { resetOurs, spawnWorker, stopChild, type Ours } from './ours';
import { cpuSeconds, rssMiB } from './proc';
import { record } from './results';
import { sleep } from './stats';

/** BENCH_BASELINE_DIR set: that checkout's worker too ("baseline"), alternating with this one. */
export async function oursIdle(o: Ours, repeat: number, scope: string) {
  const baseline = process.env.BENCH_BASELINE_DIR;
  const order: [string, string][] = [['cronboard', process.cwd()]];
  if (baseline) order[repeat % 2 ? 'push' : 'unshift'](['baseline', baseline]);
  for (const [system, root] of order) await idleOnce(o, repeat, scope, system, root);
}

async function idleOnce(o: Ours, repeat: number, scope: string, system: string, root: string) {
  await resetOurs(o);
  const child = spawnWorker(o, 'bench-idle', {}, root);
  try {
    await sleep(5_000); // started, migrated, first passes done
    const t0 = cpuSeconds(child.pid!);
    const w0 = Date.now();
    await sleep(IDLE_SECONDS * 1000);
    const cpu = cpuSeconds(child.pid!) - t0;
    const wall = (Date.now() - w0) / 1000;
    record(scope, system, repeat, { idleCpuPct: (100 * cpu) / wall, idleRssMiB: rssMiB(child.pid!) });
  } finally {
    await stopChild(child);
  }
}
