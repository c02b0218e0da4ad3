import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { SYSTEM_ACTOR } from '../../../server/auth/actor';
import { loadConfig, type Config } from '../../../server/config';
import { openDatabase, type DatabaseHandle, type Db } from '../../../server/db';
import { providerOf } from '../../../server/db/client';
import { createLogger } from '../../../server/lib/logger';
import type { TaskInput } from '../../../server/tasks/schemas';
import { CronboardWorker, type WorkerOptions } from '../../../worker/worker';
import { waitFor } from './processes';
import { createShellTask } from './tasks';
import type { ResettableModel, TestDatabaseFixture } from './use-test-database';

/** A scratch folder that is also an allowed working directory for shell tasks. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'cronboard-work-'));
}

export function testConfig(url: string, overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ env: { DATABASE_URL: url, CRONBOARD_DEMO: 'false' } }),
    pollIntervalMs: 100,
    leaseSeconds: 5,
    shutdownGraceSeconds: 5,
    allowedWorkdirs: [tmpdir()],
    ...overrides,
  };
}

/** A worker in this process; without its webhook sender and alert evaluator unless `options` asks for them (tests that need them say so). */
export function inProcessWorker(db: Db, config: Config, options: Partial<WorkerOptions> = {}): CronboardWorker {
  return new CronboardWorker({ db, config, logger: createLogger({ name: 'test-worker', level: 'silent' }), killGraceMs: 300, webhooks: false, alerts: false, ...options });
}

/** A manual shell task running `true`, created by the system from the CLI (createShellTask). */
export function makeTask(db: Db, input: Partial<TaskInput> & { key: string }) {
  return createShellTask(db, { schedule: 'manual', ...input }, { actor: SYSTEM_ACTOR, source: 'cli' });
}

/** Waits until the run is neither queued nor running, and returns it. */
export async function waitForRunToFinish(db: Db, runId: number, timeoutMs = 20_000) {
  return waitFor(() => db.run.findFirst({ where: { id: runId, status: { notIn: ['queued', 'running'] } } }), timeoutMs, `run ${runId} to finish`);
}

/**
 * Workers side by side for one test, stopped (and their handles closed) by
 * `stopAll` in afterEach. On PostgreSQL each worker gets its own database
 * handle (its own connections), as separate processes would; SQLite
 * serializes every write under one lock anyway, and separate handles in one
 * thread would block on each other's busy timeout, so they share `db` there.
 */
export function workerFleet() {
  const workers: CronboardWorker[] = [];
  const handles: DatabaseHandle[] = [];
  return {
    workers,
    async add(db: Db, url: string, config: Config, options: Partial<WorkerOptions>): Promise<CronboardWorker> {
      let own = db;
      if (providerOf(db) === 'postgresql') {
        const handle = await openDatabase(url);
        handles.push(handle);
        own = handle.db;
      }
      const worker = inProcessWorker(own, config, options);
      workers.push(worker);
      return worker;
    },
    async stopAll(): Promise<void> {
      await Promise.all(workers.splice(0).map((w) => w.stop('test over', 2000)));
      await Promise.all(handles.splice(0).map((h) => h.close()));
    },
  };
}

/**
 * A workerFleet for a describe block whose tests start workers: after each
 * test it stops them all and empties `reset` (events, runs and tasks by
 * default), so the next test starts with no worker and no rows.
 */
export function useWorkerFleet(testDb: TestDatabaseFixture, reset: ResettableModel[] = ['event', 'run', 'task']) {
  const fleet = workerFleet();
  afterEach(async () => {
    await fleet.stopAll();
    await testDb.reset(reset);
  });
  return fleet;
}
