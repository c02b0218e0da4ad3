import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import { cleanEnv, finished, runCli, waitFor, type Finished } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask, scratchDir } from './helpers/worker-harness';

const provider = testProvider();

describe(`worker processes on ${provider}`, () => {
  const testDb = useTestDatabase();
  let dir: string;
  const children: ChildProcess[] = [];

  function startWorker(name: string, env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Finished> } {
    // Plain node with tsx's loader (no tsx wrapper process between us and the worker's signal handlers).
    const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'cli/main.ts'), 'worker', '--name', name], {
      env: cleanEnv({
        DATABASE_URL: testDb.url,
        CRONBOARD_DEMO: 'false',
        ALLOWED_WORKDIRS: dir,
        POLL_INTERVAL_MS: '200',
        LEASE_SECONDS: '5',
        LOG_LEVEL: 'warn',
        ...env,
      }),
      detached: true, // own process group, so a kill -9 test can take the run's shell with it
    });
    children.push(child);
    return { child, done: finished(child) };
  }
  afterEach(async () => {
    for (const c of children.splice(0)) {
      if (c.exitCode === null && c.signalCode === null) {
        try {
          process.kill(-c.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    await testDb.reset(['run', 'task']);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('4 workers × 500 runs: every run executes exactly once (proven by a side-effect file)', async () => {
    dir = scratchDir();
    const out = join(dir, 'executed.txt');
    await makeTask(testDb.db, { key: 'many', command: `echo $CRONBOARD_RUN_ID >> ${out}`, cwd: dir, overlap: 'allow', maxInstances: 100 });
    const ids = await queueRuns({ db: testDb.db, task: { key: 'many' }, trigger: 'manual', actor: SYSTEM_ACTOR, times: 500 });
    const workers = ['w1', 'w2', 'w3', 'w4'].map((n) => startWorker(n, { WORKER_CONCURRENCY: '4' }));
    await waitFor(async () => (await testDb.db.run.count({ where: { status: 'succeeded' } })) === 500, 120_000, '500 succeeded runs');
    const lines = readFileSync(out, 'utf8').trim().split('\n').map(Number);
    expect(lines).toHaveLength(500);
    expect(new Set(lines).size).toBe(500);
    expect([...lines].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    // The work was shared.
    const perWorker = await testDb.db.run.groupBy({ by: ['workerId'], _count: true });
    expect(perWorker.length).toBeGreaterThanOrEqual(2);
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) expect((await w.done).code).toBe(0);
  }, 180_000);

  it('kill -9 of a worker mid-run: another worker fails the run as "worker lost" within about a lease, and the retry succeeds', async () => {
    dir = scratchDir();
    const marker = join(dir, 'first-attempt');
    // The first attempt leaves a marker and hangs; the retry sees the marker and succeeds.
    await makeTask(testDb.db, { key: 'victim', command: `if [ -f ${marker} ]; then echo retry ok; else touch ${marker}; sleep 60; fi`, cwd: dir, maxRetries: 1, retryDelaySeconds: 0 });
    const [runId] = await queueRuns({ db: testDb.db, task: { key: 'victim' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const doomed = startWorker('doomed');
    await waitFor(async () => existsSync(marker), 30_000, 'the first attempt to start');
    process.kill(-doomed.child.pid!, 'SIGKILL'); // the worker and its run's shell: power loss
    const killedAt = Date.now();
    startWorker('survivor');
    const lost = await waitFor(async () => {
      const run = await testDb.db.run.findUnique({ where: { id: runId! } });
      return run?.status === 'failed' ? run : null;
    }, 30_000, 'the run to be failed as lost');
    expect(lost.error).toMatch(/worker lost/);
    // Lease 5 s, reaped within about one lease (plus a poll and process start-up).
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    const retry = await waitFor(() => testDb.db.run.findFirst({ where: { retryOfId: runId!, status: 'succeeded' } }), 30_000, 'the retry to succeed');
    expect(retry.attempt).toBe(2);
    const doomedRow = await testDb.db.worker.findFirstOrThrow({ where: { name: 'doomed' } });
    expect(doomedRow.state).toBe('lost');
  }, 90_000);

  it('SIGTERM drains: a running run finishes within the grace and the worker deregisters; one that cannot finish is requeued', async () => {
    dir = scratchDir();
    await makeTask(testDb.db, { key: 'short', command: 'sleep 1; echo finished', cwd: dir });
    await makeTask(testDb.db, { key: 'endless', command: 'sleep 60', cwd: dir });
    const [shortRun] = await queueRuns({ db: testDb.db, task: { key: 'short' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const [endlessRun] = await queueRuns({ db: testDb.db, task: { key: 'endless' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const w = startWorker('drainer', { SHUTDOWN_GRACE_SECONDS: '3', WORKER_CONCURRENCY: '2' });
    await waitFor(async () => (await testDb.db.run.count({ where: { status: 'running' } })) === 2, 30_000, 'both runs running');
    w.child.kill('SIGTERM');
    const result = await w.done;
    expect(result.code, result.stderr).toBe(0);
    expect((await testDb.db.run.findUniqueOrThrow({ where: { id: shortRun! } })).status).toBe('succeeded');
    const requeued = await testDb.db.run.findUniqueOrThrow({ where: { id: endlessRun! } });
    expect(requeued).toMatchObject({ status: 'queued', attempt: 1, workerId: null, claimToken: null });
    expect((await testDb.db.worker.findFirstOrThrow({ where: { name: 'drainer' } })).state).toBe('stopped');
  }, 60_000);

  it('cronboard run --wait exits 0 when every run succeeded and 1 when one failed', async () => {
    dir = scratchDir();
    await makeTask(testDb.db, { key: 'fine', command: 'echo fine', cwd: dir });
    await makeTask(testDb.db, { key: 'broken', command: 'exit 4', cwd: dir });
    startWorker('waiter');
    const env = { DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'false' };
    const ok = await runCli(['run', 'fine', '--times', '2', '--wait'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/succeeded/);
    const bad = await runCli(['run', 'fine', 'broken', '--wait'], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/failed/);
    expect(bad.stdout + bad.stderr).toMatch(/exit code 4/);
  }, 120_000);
});
