import type { Db } from '../db';
import { AppError } from '../errors';
import type { Actor } from '../auth/actor';
import { recordEvent } from '../events/record-event';
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
type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * The rule of requestRun inside a caller's write transaction (e.g. a board move
 * to In progress): one queued run per time, each with a run.queued event. The
 * caller calls notifyRunQueued after its commit.
 */
export async function queueRunsInTransaction(
  tx: Tx,
  task: { id: number; key: string; priority: number },
  options: { actor: Actor; trigger: 'manual' | 'api'; times: number; now: Date },
): Promise<number[]> {
  const created: number[] = [];
  for (let i = 0; i < options.times; i++) {
    const run = await tx.run.create({
      data: {
        taskId: task.id,
        trigger: options.trigger,
        basePriority: task.priority,
        priority: task.priority,
        availableAt: options.now,
        createdAt: options.now,
        requestedBy: options.actor.name,
      },
      select: { id: true },
    });
    created.push(run.id);
    await recordEvent({
      db: tx,
      type: 'run.queued',
      actor: options.actor,
      taskId: task.id,
      taskKey: task.key,
      runId: run.id,
      payload: { trigger: options.trigger },
    });
  }
  return created;
}
