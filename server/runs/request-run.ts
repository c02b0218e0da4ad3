import type { Db } from '../db';
import { AppError } from '../errors';
import type { Actor } from '../auth/actor';
import { enqueueRuns } from '../queue/enqueue-runs';

export interface RequestRunOptions {
  db: Db;
  taskKey: string;
  actor: Actor;
  /** manual (UI, CLI) or api. */
  trigger?: 'manual' | 'api';
  /** Queue this many runs at once (default 1). */
  times?: number;
  now?: Date;
}

/**
 * Queues manual runs of a task ("Run now"), each with a run.queued event, and
 * wakes idle workers. Returns the new run ids. The SQL (one statement with the
 * NOTIFY on PostgreSQL) is server/queue/enqueue-runs.ts.
 */
export async function requestRun(options: RequestRunOptions): Promise<number[]> {
  const times = options.times ?? 1;
  if (!Number.isInteger(times) || times < 1 || times > 1000) {
    throw new AppError('BAD_REQUEST', `times must be a whole number from 1 to 1000, got ${times}`);
  }
  const ids = await enqueueRuns({
    db: options.db,
    taskKey: options.taskKey,
    actor: options.actor,
    trigger: options.trigger ?? 'manual',
    times,
    now: options.now ?? new Date(),
  });
  if (!ids) throw new AppError('NOT_FOUND', `No task with key '${options.taskKey}'`);
  return ids;
}
