// pg-boss 12.38 as a peer process (see child.mjs): one queue per kind, LISTEN/NOTIFY
// on, a pool of 10. Worker settings: {concurrency, kind}: batchSize = concurrency
// with burstWhenBatchFull (concurrency 1: batchSize 1, which polls every 0.5 s).
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { runPeer } from './child.mjs';

const open = async (url) => {
  const boss = new PgBoss({ connectionString: url, max: 10, useListenNotify: true, schedule: false });
  boss.on('error', (err) => console.error('pg-boss error:', err));
  await boss.start();
  return boss;
};

await runPeer({
  async producer(url) {
    const boss = await open(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      ops: {
        async add({ kind, jobs, notify }) {
          await boss.createQueue(kind, { notify: !!notify });
          const rows = jobs.map((j) => ({
            data: j.payload ?? {},
            ...(j.priority !== undefined ? { priority: j.priority } : {}),
            ...(j.runAt !== undefined ? { startAfter: new Date(j.runAt) } : {}),
          }));
          for (let i = 0; i < rows.length; i += 5000) await boss.insert(kind, rows.slice(i, i + 5000));
          await client.query('ANALYZE pgboss.job');
        },
        send: ({ kind, payload }) => boss.send(kind, payload).then(() => null),
        left: async ({ kind }) =>
          Number((await client.query(`SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND state <> 'completed'`, [kind])).rows[0].n),
        clear: ({ kind }) => boss.deleteQueue(kind).then(() => null),
      },
      async close() {
        await boss.stop({ graceful: true, close: true, timeout: 10_000 });
        await client.end();
      },
    };
  },
  async worker(url, settings, h) {
    const boss = await open(url);
    const batchSize = settings.concurrency;
    await boss.work(settings.kind, { batchSize, pollingIntervalSeconds: 0.5, burstWhenBatchFull: batchSize > 1 }, async (jobs) => {
      await Promise.all(jobs.map((j) => h[settings.kind](j.data)));
    });
    return {
      stop: async () => {
        await boss.offWork(settings.kind, { wait: true });
        await boss.stop({ graceful: true, close: true, timeout: 10_000 });
      },
    };
  },
});
