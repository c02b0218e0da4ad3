// drain: N no-op handler runs queued up front, then a real worker process drains them
// (its idle RSS measured first, in a worker of its own with nothing queued).
// BENCH_BASELINE_DIR set: that checkout's worker drains too ("baseline"), alternating
// with this one, on the same database (a before/after in one run, as idle.ts).
import { DRAIN_TASKS, N } from './options';
import { analyzeOurs, bulkInsertRuns, drainOurs, idleRssOurs, resetOurs, type Ours } from './ours';
import { record } from './results';
import { now } from './stats';

export async function oursDrain(o: Ours, repeat: number, scope: string) {
  const baseline = process.env.BENCH_BASELINE_DIR;
  const order: [string, string][] = [['cronboard', process.cwd()]];
  if (baseline) order[repeat % 2 ? 'push' : 'unshift'](['baseline', baseline]);
  for (const [system, root] of order) await drainOnce(o, repeat, scope, system, root);
}

async function drainOnce(o: Ours, repeat: number, scope: string, system: string, root: string) {
  await resetOurs(o);
  const rssIdleMiB = await idleRssOurs(o, root);
  await resetOurs(o);
  const at = new Date(now() - 1000);
  for (let i = 0; i < DRAIN_TASKS; i++) {
    const share = Math.floor(N.drain / DRAIN_TASKS) + (i < N.drain % DRAIN_TASKS ? 1 : 0);
    await bulkInsertRuns(o, i === 0 ? 'noop' : `noop${i}`, share, 1, at);
  }
  await analyzeOurs(o);
  const r = await drainOurs(o, N.drain, root);
  record(scope, system, repeat, {
    drainRate: r.rate,
    drainDone: r.done,
    drainPartial: r.partial,
    failed: r.failed,
    startupS: r.startupS,
    workerCpuPer1k: r.workerCpuPer1k,
    ...(r.pgCpuPer1k !== undefined ? { pgCpuPer1k: r.pgCpuPer1k } : {}),
    rssIdleMiB,
    rssPeakMiB: r.rssPeakMiB,
  });
}
