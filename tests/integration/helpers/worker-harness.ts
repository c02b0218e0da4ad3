import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../../../server/auth/actor';
import { loadConfig, type Config } from '../../../server/config';
import type { Db } from '../../../server/db';
import { createLogger } from '../../../server/lib/logger';
import { createTask } from '../../../server/tasks/create-task';
import type { TaskInput } from '../../../server/tasks/schemas';
import { CronboardWorker, type WorkerOptions } from '../../../worker/worker';
import { waitFor } from './processes';

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

export function inProcessWorker(db: Db, config: Config, options: Partial<WorkerOptions> = {}): CronboardWorker {
  return new CronboardWorker({ db, config, logger: createLogger({ name: 'test-worker', level: 'silent' }), killGraceMs: 300, ...options });
}

export function makeTask(db: Db, input: Partial<TaskInput> & { key: string }) {
  return createTask({
    db,
    input: { name: input.key, kind: 'shell', command: 'true', schedule: 'manual', ...input },
    actor: SYSTEM_ACTOR,
    source: 'cli',
    defaultTimezone: 'UTC',
  });
}

/** Waits until the run is neither queued nor running, and returns it. */
export async function waitForRunToFinish(db: Db, runId: number, timeoutMs = 20_000) {
  return waitFor(() => db.run.findFirst({ where: { id: runId, status: { notIn: ['queued', 'running'] } } }), timeoutMs, `run ${runId} to finish`);
}
