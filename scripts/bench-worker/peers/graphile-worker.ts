// graphile-worker 0.18 with its documented fast mode for the drains (local queue, no batch delay).
import type * as GraphileWorker from 'graphile-worker';
import pg from 'pg';
import { CONCURRENCY, MAX_SECONDS, N } from '../options';
import { record } from '../results';
import { countInversions, execFileP, now, percentiles, priorityBacklog, sleep, waitFor } from '../stats';
import { countSql, type Peer } from './peer';

type GraphileModule = typeof GraphileWorker;

export async function graphilePeer(url: string): Promise<Peer> {
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
      record(scope, 'graphile-worker', repeat, { latHandler: percentiles(lat) });
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
