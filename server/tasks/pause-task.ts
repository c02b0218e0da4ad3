import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import type { Actor } from '../auth/actor';
import { loadTaskForWrite, updateLoadedTask } from './load-task-for-write';
import { toTaskView, type TaskView } from './task-view';

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
    const task = await updateLoadedTask(tx, row, { paused: true, nextRunAt: null }, {
      actor: options.actor,
      doing: 'pausing',
      event: { type: 'task.paused', payload: (version) => ({ version }) },
    });
    return toTaskView(task);
  });
}
