// issue 18 items 3 and 9: a real worker process whose database fails under it
// either carries on once the database is back or exits non-zero, never 0 (it
// used to exit 0 after an SQLite write failure: a transaction waited for ever
// on the adapter's leaked lock and the event loop ran dry). A worker whose
// SQLite file is deleted exits 1 so systemd restarts it against the right file.
import { spawn, type ChildProcess } from 'node:child_process';
import { linkSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db';
import { cleanEnv, finished, waitFor, type Finished } from './helpers/processes';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/test-db';
import { immutableUnsupported, makeUnwritable, makeWritable } from './helpers/unwritable';
import { makeTask, scratchDir } from './helpers/worker-harness';

const provider = testProvider();
const noImmutable = provider === 'sqlite' ? immutableUnsupported() : 'SQLite only';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`a worker process whose database fails on ${provider}`, () => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  let dir: string;
  let child: ChildProcess | undefined;
  let exited: Promise<Finished> | undefined;
  let exitedNow: Finished | undefined;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrateDatabase({ url: testDb.url });
    handle = await openDatabase(testDb.url);
    dir = scratchDir();
    await makeTask(handle.db, { key: 'every-second', command: 'echo tick', schedule: '1s', cwd: dir });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await handle?.close();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const startWorker = () => {
    exitedNow = undefined;
    child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'worker/main.ts')], {
      env: cleanEnv({ DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'false', LEASE_SECONDS: '6', POLL_INTERVAL_MS: '200', ALLOWED_WORKDIRS: dir }),
    });
    exited = finished(child);
    void exited.then((f) => (exitedNow = f));
  };
  const succeededSince = (since: Date) => handle.db.run.count({ where: { status: 'succeeded', finishedAt: { gt: since } } });
  const stopWorker = async () => {
    child!.kill('SIGTERM');
    const result = await exited!;
    child = undefined;
    return result;
  };

  it.skipIf(noImmutable)('SQLite unwritable for a while: it carries on running tasks once writes work again', async () => {
    startWorker();
    await waitFor(async () => (await succeededSince(new Date(0))) > 0, 30_000, 'a first run');
    makeUnwritable(testDb.url.slice('file:'.length));
    try {
      await sleep(6_000);
    } finally {
      makeWritable(testDb.url.slice('file:'.length));
    }
    const fixed = new Date();
    await waitFor(async () => (await succeededSince(fixed)) >= 2, 30_000, 'runs after the database was fixed');
    expect(exitedNow, exitedNow?.stdout.slice(-2000)).toBeUndefined();
    const result = await stopWorker();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/worker stopped/);
  }, 90_000);

  it.skipIf(provider !== 'sqlite')('SQLite file deleted under it: it says so and exits 1', async () => {
    const file = testDb.url.slice('file:'.length);
    startWorker();
    await waitFor(() => handle.db.worker.findFirst({ where: { state: 'active' } }), 30_000, 'the worker row');
    linkSync(file, `${file}.kept`);
    unlinkSync(file);
    try {
      const result = await Promise.race([exited!, sleep(20_000).then(() => null)]);
      expect(result, 'the worker did not exit').not.toBeNull();
      expect(result!.code).toBe(1);
      expect(result!.stdout).toMatch(/the database file .*test\.db was deleted while this process had it open/);
      child = undefined;
    } finally {
      renameSync(`${file}.kept`, file);
    }
  }, 60_000);

  it.skipIf(provider !== 'postgresql')('PostgreSQL connections killed, then the database dropped: it carries on, then never exits 0', async () => {
    startWorker();
    await waitFor(async () => (await succeededSince(new Date(0))) > 0, 30_000, 'a first run');
    const name = new URL(testDb.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL_POSTGRES });
    await admin.connect();
    const terminate = () =>
      // Client backends only: an autovacuum worker in that database counts as a superuser
      // process, and a role without superuser (as in CI) may not end it.
      admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND usename = current_user",
        [name],
      );
    try {
      // The test's own pool is in that database too; it reconnects like the worker's.
      for (let i = 0; i < 8; i++) {
        await terminate();
        await sleep(500);
      }
      const back = new Date();
      await waitFor(async () => (await succeededSince(back)) >= 2, 40_000, 'runs after the connections were killed');
      expect(exitedNow, exitedNow?.stdout.slice(-2000)).toBeUndefined();

      // Gone for good: the worker may keep backing off or exit non-zero, never 0.
      await handle.close();
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await sleep(8_000);
      if (exitedNow) expect(exitedNow.code, exitedNow.stdout.slice(-2000)).not.toBe(0);
      else child!.kill('SIGKILL');
      child = undefined;
    } finally {
      await admin.end();
      handle = await openDatabase(process.env.TEST_DATABASE_URL_POSTGRES!); // for afterAll
    }
  }, 120_000);
});
