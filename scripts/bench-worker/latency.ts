// latency: manual runs queued one by one to an idle worker; time from queued to claimed and to the handler.
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { openDatabase } from '../../server/db';
import { queueRuns } from '../../server/queue/queue-runs';
import { N } from './options';
import { oursWorker, resetOurs, settled, spawnWorker, stamps, stopChild, workerRegistered, type Ours } from './ours';
import { record } from './results';
import { percentiles, sleep } from './stats';

export async function oursLatency(o: Ours, repeat: number, scope: string) {
  await resetOurs(o);
  stamps.clear();
  const worker = oursWorker(o);
  await worker.start();
  await sleep(1500); // idle: first passes done, sleeping in its poll
  // Run now comes from the web app: another connection than the worker's
  // (on SQLite the worker's own queue SQL runs on a direct connection of o.db).
  const ids = await requestOneByOne(o, 'stamp');
  await settled(o, 30_000);
  await worker.stop('bench', 10_000);
  const rows = await startTimes(o, ids);
  const claim = rows.filter((r) => r.startedAt).map((r) => r.startedAt!.getTime() - r.availableAt.getTime());
  const handler = rows.filter((r) => stamps.has(r.id)).map((r) => stamps.get(r.id)! - r.createdAt.getTime());
  record(scope, 'cronboard', repeat, { latClaim: percentiles(claim), latHandler: percentiles(handler) });
  if (process.env.BENCH_BASELINE_DIR) await processLatency(o, repeat, scope);
}

/** Run now, N times, from another connection than the worker's (the web app's side). */
async function requestOneByOne(o: Ours, key: string): Promise<number[]> {
  const web = await openDatabase(o.url);
  const ids: number[] = [];
  for (let i = 0; i < N.latency; i++) {
    ids.push(...(await queueRuns({ db: web.db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR })));
    await sleep(N.latencyGapMs);
  }
  await web.close();
  return ids;
}

const startTimes = (o: Ours, ids: number[]) =>
  o.db.run.findMany({ where: { id: { in: ids } }, select: { id: true, createdAt: true, availableAt: true, startedAt: true } });

/**
 * BENCH_BASELINE_DIR set: the same requests to a real `cronboard worker` process of this
 * checkout ("cronboard process") and of the baseline's, alternating; the claim latency only
 * (a `noop` task: the bench's stamp handler is not in those processes).
 */
async function processLatency(o: Ours, repeat: number, scope: string) {
  const order: [string, string][] = [['cronboard process', process.cwd()]];
  order[repeat % 2 ? 'push' : 'unshift'](['baseline process', process.env.BENCH_BASELINE_DIR!]);
  for (const [system, root] of order) {
    await resetOurs(o);
    const child = spawnWorker(o, 'bench-latency', {}, root);
    try {
      const deadline = Date.now() + 60_000;
      while (!(await workerRegistered(o)) && Date.now() < deadline) await sleep(50);
      await sleep(1500);
      const ids = await requestOneByOne(o, 'noop');
      await settled(o, 30_000);
      const rows = await startTimes(o, ids);
      record(scope, system, repeat, { latClaim: percentiles(rows.filter((r) => r.startedAt).map((r) => r.startedAt!.getTime() - r.availableAt.getTime())) });
    } finally {
      await stopChild(child);
    }
  }
}
