import type { Db } from '../db';
import { toTaskView, taskInclude, type TaskView } from './task-view';

export interface ListTasksOptions {
  db: Db;
}

/** Every task, in board order: by column, then position within the column. */
export async function listTasks(options: ListTasksOptions): Promise<TaskView[]> {
  const rows = await options.db.task.findMany({
    include: taskInclude,
    orderBy: [{ status: 'asc' }, { position: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toTaskView);
}
