// idle: a real `cronboard worker` process on the bench database, with nothing
// to do; its CPU (utime + stime from /proc/PID/stat) over IDLE_SECONDS, as %
// of one core, and its RSS at the end. The window opens 5 s after the worker
// registered (its start-up, which takes seconds on a loaded machine, is not
// counted). On SQLite this includes the PRAGMA data_version checks that make
// Run now instant.
import { IDLE_SECONDS } from './options';
import { resetOurs, spawnWorker, stopChild, workerRegistered, type Ours } from './ours';
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
    const deadline = Date.now() + 60_000;
    while (!(await workerRegistered(o)) && Date.now() < deadline) await sleep(50);
    await sleep(5_000); // first passes and side-task rounds done
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
