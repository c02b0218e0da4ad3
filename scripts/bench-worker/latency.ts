// latency: manual runs queued one by one to an idle worker; time from queued to claimed and to the handler.
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { openDatabase } from '../../server/db';
import { queueRuns } from '../../server/queue/queue-runs';
import { N } from './options';
import { oursWorker, resetOurs, settled, stamps, type Ours } from './ours';
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
  const web = await openDatabase(o.url);
  const ids: number[] = [];
  for (let i = 0; i < N.latency; i++) {
    ids.push(...(await queueRuns({ db: web.db, task: { key: 'stamp' }, trigger: 'manual', actor: SYSTEM_ACTOR })));
    await sleep(N.latencyGapMs);
  }
  await web.close();
  await settled(o, 30_000);
  await worker.stop('bench', 10_000);
  const rows = await o.db.run.findMany({
    where: { id: { in: ids } },
    select: { id: true, createdAt: true, availableAt: true, startedAt: true },
  });
  const claim = rows.filter((r) => r.startedAt).map((r) => r.startedAt!.getTime() - r.availableAt.getTime());
  const handler = rows.filter((r) => stamps.has(r.id)).map((r) => stamps.get(r.id)! - r.createdAt.getTime());
  record(scope, 'cronboard', repeat, { latClaim: percentiles(claim), latHandler: percentiles(handler) });
}
