import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { chmodSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import { cleanEnv, finished, TSX, waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask } from './helpers/worker-harness';

const CANARY_KEY = 'Y2FuYXJ5LWNhbmFyeS1jYW5hcnktY2FuYXJ5LWNhbmE=';

// Real worker processes (worker/main.ts) and the shell runs they start.
const provider = testProvider();
const isRoot = process.getuid?.() === 0;

/** Pids of live processes whose command line is `args` (zombies excluded). */
function processesRunning(args: string): number[] {
  const out = execFileSync('ps', ['-A', '-o', 'pid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\S+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null && !m[2]!.startsWith('Z') && m[3] === args)
    .map((m) => Number(m[1]));
}

describe(`worker processes and their runs on ${provider}`, () => {
  const t = useTestDatabase();
  let workdir: string;
  const children: ChildProcess[] = [];
  const strays: number[] = [];

  beforeAll(async () => {
    workdir = realpathSync(mkdtempSync(join(tmpdir(), 'cronboard-iso-work-')));
    chmodSync(workdir, 0o755); // TASK_USER must be able to enter it
  });
  afterEach(async () => {
    // Whatever a failed test left: only the processes it started, by pid (tsx runs the worker in a child of its own).
    for (const w of await t.db.worker.findMany({ where: { state: { not: 'stopped' } } })) strays.push(w.pid);
    for (const pid of strays.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  afterAll(async () => {
    rmSync(workdir, { recursive: true, force: true });
  });

  function startWorker(env: Record<string, string>): { child: ChildProcess; done: ReturnType<typeof finished> } {
    const child = spawn(TSX, [join(process.cwd(), 'worker/main.ts')], {
      env: cleanEnv({ DATABASE_URL: t.url, CRONBOARD_DEMO: 'false', POLL_INTERVAL_MS: '100', LEASE_SECONDS: '30', ALLOWED_WORKDIRS: workdir, ...env }),
    });
    children.push(child);
    return { child, done: finished(child) };
  }

  async function runOnce(key: string, command: string, env: Record<string, string>) {
    await makeTask(t.db, { key, command });
    const [runId] = await queueRuns({ db: t.db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const { child, done } = startWorker(env);
    const run = await waitFor(
      async () => {
        const r = await t.db.run.findUnique({ where: { id: runId! } });
        return r && ['succeeded', 'failed'].includes(r.status) ? r : null;
      },
      60_000,
      'the run to end',
    );
    child.kill('SIGTERM');
    await done;
    const logs = await t.db.runLog.findMany({ where: { runId: runId! }, orderBy: { seq: 'asc' } });
    const text = (stream: string) => logs.filter((l) => l.stream === stream).map((l) => l.data).join('');
    return { run, out: text('stdout'), err: text('stderr') };
  }

  it('kill -9 of the worker takes its running shell runs with it (5 × sleep 60 gone within 2 s)', async () => {
    const marker = `60.${randomInt(100_000, 999_999)}`; // `sleep 60.123456`: a sleep of about 60 s nobody else runs
    await makeTask(t.db, { key: 'long-sleep', command: `sleep ${marker}`, overlap: 'allow', maxInstances: 5 });
    await queueRuns({ db: t.db, task: { key: 'long-sleep' }, trigger: 'manual', actor: SYSTEM_ACTOR, times: 5 });
    const { done } = startWorker({ WORKER_CONCURRENCY: '5' });
    const running = await waitFor(
      async () => {
        const pids = processesRunning(`sleep ${marker}`);
        return pids.length === 5 ? pids : null;
      },
      90_000,
      '5 running sleeps',
    ).catch(async (error: unknown) => {
      const runs = await t.db.run.findMany({ select: { id: true, status: true, error: true } });
      throw new Error(`${String(error)}; runs: ${JSON.stringify(runs)}; ps: ${execFileSync('ps', ['-A', '-o', 'pid=,stat=,args='], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('sleep')).join(' | ')}`);
    });
    strays.push(...running);
    const worker = await t.db.worker.findFirstOrThrow({ where: { state: 'active' } });
    process.kill(worker.pid, 'SIGKILL');
    await done; // tsx exits once its child (the worker) is gone
    await new Promise((r) => setTimeout(r, 2000));
    expect(processesRunning(`sleep ${marker}`)).toEqual([]);
    await t.db.worker.update({ where: { id: worker.id }, data: { state: 'stopped' } });
  }, 180_000);

  it("runs a shell task without the worker's environment, passing only what TASK_ENV_PASSTHROUGH names", async () => {
    const { run, out } = await runOnce('print-env', 'env', {
      PGPASSWORD: 'canary-pg-password',
      CRONBOARD_SECRET_KEY: CANARY_KEY, // a valid key (the worker checks it), 32 bytes of 'canary-…'
      SOME_DEPLOY_TOKEN: 'canary-token',
      HTTPS_PROXY: 'http://proxy.internal:3128',
      TASK_ENV_PASSTHROUGH: 'HTTPS_PROXY',
    });
    expect(run.status).toBe('succeeded');
    expect(out).toContain('CRONBOARD_TASK_KEY=print-env');
    expect(out).toContain('HTTPS_PROXY=http://proxy.internal:3128');
    for (const leak of ['DATABASE_URL', 'PGPASSWORD', 'CRONBOARD_SECRET_KEY', 'SOME_DEPLOY_TOKEN', 'TASK_ENV_PASSTHROUGH', 'canary', CANARY_KEY, t.url]) {
      expect(out).not.toContain(leak);
    }
  }, 120_000);

  it('refuses to start with a TASK_USER that does not exist, in one line without a stack trace', async () => {
    const { done } = startWorker({ TASK_USER: 'no-such-user-xyz' });
    const result = await done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TASK_USER=no-such-user-xyz: no such user on this machine');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it.skipIf(!isRoot)('with TASK_USER=nobody a task can read neither /proc/$PPID/environ nor the database file (needs root)', async () => {
    const dbFile = provider === 'sqlite' ? new URL(t.url.replace(/^file:/, 'file://')).pathname : null;
    if (dbFile) chmodSync(dbFile, 0o600);
    const tryDb = dbFile ? `cat ${dbFile} >/dev/null && echo READ-DB;` : '';
    const { run, out, err } = await runOnce('escalate', `id -un; cat /proc/$PPID/environ && echo READ-ENVIRON; ${tryDb} true`, { TASK_USER: 'nobody' });
    expect(run.status).toBe('succeeded');
    expect(out.split('\n')[0]).toBe('nobody');
    expect(out).not.toMatch(/READ-ENVIRON|READ-DB|DATABASE_URL/);
    expect(err).toMatch(/\/proc\/\d+\/environ: Permission denied/);
    if (dbFile) expect(err).toContain(`${dbFile}: Permission denied`);
  }, 120_000);
});
