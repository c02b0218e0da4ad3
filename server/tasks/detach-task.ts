import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import { loadTaskForWrite } from './load-task-for-write';
import { managedIn } from './managed-task';
import { toTaskView, taskInclude, type TaskView } from './task-view';

export interface DetachTaskOptions {
  db: Db;
  key: string;
  actor: Actor;
  expectedVersion?: number;
}

/**
 * "Detach from file": a YAML-managed task becomes a UI task, whose definition
 * the form, CLI and API may change again. Its job file no longer owns it: a
 * later apply of that file adopts it again (and says so in its plan); a prune
 * no longer deletes it.
 */
export async function detachTask(options: DetachTaskOptions): Promise<TaskView> {
  return writeTransaction(options.db, async (tx) => {
    const row = await loadTaskForWrite(tx, options.key, options.expectedVersion);
    const file = managedIn(row);
    if (!file) throw new AppError('CONFLICT', `Task '${row.key}' is not managed by a job file (source: ${row.source})`);
    const task = await tx.task.update({
      where: { id: row.id },
      data: { source: 'ui', sourcePath: null, version: { increment: 1 }, updatedBy: options.actor.name },
      include: taskInclude,
    });
    await recordEvent({
      db: tx,
      type: 'task.detached',
      actor: options.actor,
      taskId: task.id,
      taskKey: task.key,
      payload: { file, version: task.version },
    });
    return toTaskView(task);
  });
}
