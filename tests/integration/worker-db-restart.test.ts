import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import type { CronboardWorker } from '../../worker/worker';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, scratchDir, testConfig } from './helpers/worker-harness';

const provider = testProvider();

/** The local cluster serving TEST_DATABASE_URL_POSTGRES, if this machine can restart it (root + pg_ctlcluster). */
function localCluster(): { version: string; name: string } | null {
  if (provider !== 'postgresql' || process.getuid?.() !== 0) return null;
  try {
    const port = new URL(process.env.TEST_DATABASE_URL_POSTGRES ?? '').port || '5432';
    const line = execFileSync('pg_lsclusters', ['-h'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find((f) => f[2] === port && f[3] === 'online');
    return line ? { version: line[0]!, name: line[1]! } : null;
  } catch {
    return null;
  }
}

const cluster = localCluster();

// SQLite has no server to restart; on PostgreSQL this needs root and the
// cluster on this machine (as in CI). Elsewhere the reason is printed as a skip.
describe.skipIf(!cluster)('PostgreSQL restarted while a worker runs', () => {
  const testDb = useTestDatabase();
  let worker: CronboardWorker;
  let dir: string;

  beforeAll(async () => {
    dir = scratchDir();
  });
  afterAll(async () => {
    await worker?.stop('test over', 2000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the worker carries on: the run in flight is recorded and new runs execute', async () => {
    await makeTask(testDb.db, { key: 'through-restart', command: 'sleep 3; echo survived', cwd: dir });
    worker = inProcessWorker(testDb.db, testConfig(testDb.url, { allowedWorkdirs: [dir], leaseSeconds: 30 }), { listenUrl: testDb.url });
    await worker.start();
    const [inFlight] = await queueRuns({ db: testDb.db, task: { key: 'through-restart' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    await waitFor(async () => (await testDb.db.run.findUnique({ where: { id: inFlight! } }))?.status === 'running', 20_000, 'the run to start');

    execFileSync('pg_ctlcluster', [cluster!.version, cluster!.name, 'restart'], { stdio: 'ignore' });

    // The run finished while the server was restarting; its result is written once the database is back.
    const run = await waitFor(async () => {
      const r = await testDb.db.run.findUnique({ where: { id: inFlight! } });
      return r && r.status !== 'running' ? r : null;
    }, 60_000, 'the in-flight run to be recorded');
    expect(run.status).toBe('succeeded');
    // And new work still flows.
    const [after] = await waitFor(() => queueRuns({ db: testDb.db, task: { key: 'through-restart' }, trigger: 'manual', actor: SYSTEM_ACTOR }), 30_000, 'queueing after the restart');
    const second = await waitFor(async () => {
      const r = await testDb.db.run.findUnique({ where: { id: after! } });
      return r?.status === 'succeeded' ? r : null;
    }, 60_000, 'a run queued after the restart to succeed');
    expect(second.exitCode).toBe(0);
    expect(worker.state).toBe('running');
  }, 180_000);
});
