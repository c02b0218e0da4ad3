import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import type { Actor } from '../auth/actor';
import { toTaskView, taskInclude, type TaskView } from './task-view';
import { loadTaskForWrite } from './load-task-for-write';

export interface PauseTaskOptions {
  db: Db;
  key: string;
  actor: Actor;
  expectedVersion?: number;
}

/**
 * Suspends a task's schedule without moving its card: no new scheduled runs
 * (nextRunAt cleared) until resumed. Runs already queued stay queued; manual
 * runs can still be requested. Pausing a paused task changes nothing.
 */
export async function pauseTask(options: PauseTaskOptions): Promise<TaskView> {
  return writeTransaction(options.db, async (tx) => {
    const row = await loadTaskForWrite(tx, options.key, options.expectedVersion);
    if (row.paused) return toTaskView(row);
    const { count } = await tx.task.updateMany({
      where: { id: row.id, version: row.version },
      data: { paused: true, nextRunAt: null, version: { increment: 1 }, updatedBy: options.actor.name },
    });
    if (count !== 1) throw new AppError('CONFLICT', `Task '${row.key}' was changed by someone else while pausing; try again`);
    await recordEvent({
      db: tx,
      type: 'task.paused',
      actor: options.actor,
      taskId: row.id,
      taskKey: row.key,
      payload: { version: row.version + 1 },
    });
    return toTaskView(await tx.task.findUniqueOrThrow({ where: { id: row.id }, include: taskInclude }));
  });
}
