// graphile-worker 0.18 as a peer process (see child.mjs). Worker settings:
// {concurrency, localQueueSize?}: no localQueueSize = the defaults; with it,
// the documented fast mode (local queue of that size, completeJobBatchDelay 0).
import { Logger, makeWorkerUtils, run, runMigrations } from 'graphile-worker';
import pg from 'pg';
import { runPeer } from './child.mjs';

const silent = new Logger(() => () => undefined);

await runPeer({
  async producer(url) {
    await runMigrations({ connectionString: url, logger: silent });
    const utils = await makeWorkerUtils({ connectionString: url, logger: silent });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const count = async () => Number((await client.query('SELECT count(*) AS n FROM graphile_worker._private_jobs')).rows[0].n);
    return {
      ops: {
        async add({ kind, jobs }) {
          for (let i = 0; i < jobs.length; i += 5000)
            await utils.addJobs(
              jobs.slice(i, i + 5000).map((j) => ({
                identifier: kind,
                payload: j.payload ?? {},
                // graphile-worker: lower number = more urgent.
                ...(j.priority !== undefined ? { priority: 3 - j.priority } : {}),
                ...(j.runAt !== undefined ? { runAt: new Date(j.runAt) } : {}),
              })),
            );
          await client.query('VACUUM ANALYZE graphile_worker._private_jobs');
        },
        send: ({ kind, payload }) => utils.addJob(kind, payload).then(() => null),
        left: () => count(),
        clear: () => client.query('DELETE FROM graphile_worker._private_jobs').then(() => null),
      },
      async close() {
        await utils.release();
        await client.end();
      },
    };
  },
  async worker(url, settings, h) {
    const preset = settings.localQueueSize ? { worker: { localQueue: { size: settings.localQueueSize }, completeJobBatchDelay: 0 } } : undefined;
    const runner = await run({
      connectionString: url,
      concurrency: settings.concurrency,
      noHandleSignals: true,
      logger: silent,
      taskList: { noop: h.noop, sh: h.sh, stamp: h.stamp, prio: h.prio },
      ...(preset ? { preset } : {}),
    });
    return { stop: () => runner.stop() };
  },
});
