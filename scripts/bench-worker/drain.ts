// drain: N no-op handler runs queued up front, then a real worker process drains them
// (its idle RSS measured first, in a worker of its own with nothing queued).
import { DRAIN_TASKS, N } from './options';
import { analyzeOurs, bulkInsertRuns, drainOurs, idleRssOurs, resetOurs, type Ours } from './ours';
import { record } from './results';
import { now } from './stats';

export async function oursDrain(o: Ours, repeat: number, scope: string) {
  await resetOurs(o);
  const rssIdleMiB = await idleRssOurs(o);
  await resetOurs(o);
  const at = new Date(now() - 1000);
  for (let i = 0; i < DRAIN_TASKS; i++) {
    const share = Math.floor(N.drain / DRAIN_TASKS) + (i < N.drain % DRAIN_TASKS ? 1 : 0);
    await bulkInsertRuns(o, i === 0 ? 'noop' : `noop${i}`, share, 1, at);
  }
  await analyzeOurs(o);
  const r = await drainOurs(o, N.drain);
  record(scope, 'cronboard', repeat, {
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
