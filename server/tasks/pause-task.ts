import { updateLoadedTask, writeLoadedTask, type TaskWriteOptions } from './load-task-for-write';
import { toTaskView, type TaskView } from './task-view';

export type PauseTaskOptions = TaskWriteOptions;

/**
 * Suspends a task's schedule without moving its card: no new scheduled runs
 * (nextRunAt cleared) until resumed. Runs already queued stay queued; manual
 * runs can still be requested. Pausing a paused task changes nothing.
 */
export async function pauseTask(options: PauseTaskOptions): Promise<TaskView> {
  return writeLoadedTask(options, async (tx, row) => {
    if (row.paused) return toTaskView(row);
    const task = await updateLoadedTask(tx, row, { paused: true, nextRunAt: null }, {
      actor: options.actor,
      doing: 'pausing',
      event: { type: 'task.paused', payload: (version) => ({ version }) },
    });
    return toTaskView(task);
  });
}
