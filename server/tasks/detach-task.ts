import { AppError } from '../errors';
import { updateLoadedTask, writeLoadedTask, type TaskWriteOptions } from './load-task-for-write';
import { managedIn } from './managed-task';
import { toTaskView, type TaskView } from './task-view';

export type DetachTaskOptions = TaskWriteOptions;

/**
 * "Detach from file": a YAML-managed task becomes a UI task, whose definition
 * the form, CLI and API may change again. Its job file no longer owns it: a
 * later apply of that file adopts it again (and says so in its plan); a prune
 * no longer deletes it.
 */
export async function detachTask(options: DetachTaskOptions): Promise<TaskView> {
  return writeLoadedTask(options, async (tx, row) => {
    const file = managedIn(row);
    if (!file) throw new AppError('CONFLICT', `Task '${row.key}' is not managed by a job file (source: ${row.source})`);
    const task = await updateLoadedTask(tx, row, { source: 'ui', sourcePath: null }, {
      actor: options.actor,
      doing: 'detaching',
      event: { type: 'task.detached', payload: (version) => ({ file, version }) },
    });
    return toTaskView(task);
  });
}
