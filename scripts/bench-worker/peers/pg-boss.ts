// pg-boss 12.38, batchSize 10 (the fair setting), LISTEN/NOTIFY on.
import pg from 'pg';
import type * as PgBossLib from 'pg-boss';
import { CONCURRENCY, MAX_SECONDS, N } from '../options';
import { record } from '../results';
import { countInversions, execFileP, now, percentiles, priorityBacklog, sleep, waitFor } from '../stats';
import { countSql, type Peer } from './peer';

type PgBossModule = typeof PgBossLib;

export async function pgBossPeer(url: string): Promise<Peer> {
  const { PgBoss }: PgBossModule = await import('pg-boss');
  const boss = new PgBoss({ connectionString: url, max: 10, useListenNotify: true, schedule: false });
  boss.on('error', (err: unknown) => console.error('pg-boss error:', err));
  await boss.start();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let seq = 0;
  const work = { batchSize: CONCURRENCY, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true };
  const notDone = (queue: string) =>
    countSql(client, `SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND state <> 'completed'`, [queue]);

  async function load(queue: string, jobs: { data: object; priority?: number; startAfter?: Date }[], notify = false) {
    await boss.createQueue(queue, { notify });
    for (let i = 0; i < jobs.length; i += 5000) await boss.insert(queue, jobs.slice(i, i + 5000));
    await client.query('ANALYZE pgboss.job');
  }
  async function drain(queue: string, n: number, handler: () => Promise<unknown>) {
    let calls = 0;
    const t0 = now();
    await boss.work(queue, work, async (jobs) => {
      calls += jobs.length;
      await Promise.all(jobs.map(() => handler()));
    });
    const finished = await waitFor(async () => (await notDone(queue)) === 0, MAX_SECONDS * 1000, 100);
    const elapsed = (now() - t0) / 1000;
    const left = await notDone(queue);
    await boss.offWork(queue, { wait: true });
    await boss.deleteQueue(queue);
    if (calls !== n - left) console.error(`  ! pg-boss ${queue}: ${calls} handler calls for ${n - left} jobs completed`);
    return { rate: (n - left) / elapsed, done: n - left, partial: !finished };
  }
  return {
    name: 'pg-boss',
    async drain(repeat, scope) {
      const q = `noop${++seq}`;
      await load(
        q,
        Array.from({ length: N.drain }, () => ({ data: {} })),
      );
      const r = await drain(q, N.drain, async () => undefined);
      record(scope, 'pg-boss', repeat, { drainRate: r.rate, drainDone: r.done, drainPartial: r.partial });
    },
    async shell(repeat, scope) {
      const q = `sh${++seq}`;
      await load(
        q,
        Array.from({ length: N.shell }, () => ({ data: {} })),
      );
      const r = await drain(q, N.shell, () => execFileP('/bin/sh', ['-c', '/bin/true']));
      record(scope, 'pg-boss', repeat, { shellRate: r.rate, ...(r.partial ? { drainPartial: true } : {}) });
    },
    async latency(repeat, scope) {
      const q = `stamp${++seq}`;
      await boss.createQueue(q, { notify: true });
      const lat: number[] = [];
      await boss.work<{ t: number }>(q, work, async (jobs) => {
        for (const j of jobs) lat.push(now() - j.data.t);
      });
      await sleep(1500);
      for (let i = 0; i < N.latency; i++) {
        await boss.send(q, { t: now() });
        await sleep(N.latencyGapMs);
      }
      await waitFor(async () => lat.length >= N.latency, 30_000, 50);
      await boss.offWork(q, { wait: true });
      await boss.deleteQueue(q);
      record(scope, 'pg-boss', repeat, { latHandler: percentiles(lat) });
    },
    async priority(repeat, scope) {
      const q = `prio${++seq}`;
      const t0 = now() + 500;
      const backlog = priorityBacklog(t0);
      await load(
        q,
        backlog.map((b, i) => ({ data: { i }, priority: b.prio, startAfter: new Date(b.dueAt) })),
      );
      await sleep(Math.max(0, t0 - now()));
      const seen = new Map<number, number>();
      // batchSize 1 is concurrency 1; pg-boss then waits its polling interval (>= 0.5 s) after
      // every fetch (burst mode needs batchSize > 1), so this step is slow, which does not
      // matter for counting inversions.
      await boss.work<{ i: number }>(q, { ...work, batchSize: 1 }, async (jobs) => {
        for (const j of jobs) {
          seen.set(j.data.i, now());
          await sleep(N.priorityWorkMs);
        }
      });
      await waitFor(async () => (await notDone(q)) === 0, 120_000, 100);
      await boss.offWork(q, { wait: true });
      await boss.deleteQueue(q);
      const inv = countInversions(backlog.map((b, i) => ({ ...b, startedAt: seen.get(i) ?? Infinity })));
      record(scope, 'pg-boss', repeat, { inversions: inv.total, distant: inv.distant });
    },
    async close() {
      await boss.stop({ graceful: true, close: true, timeout: 10_000 });
      await client.end();
    },
  };
}
