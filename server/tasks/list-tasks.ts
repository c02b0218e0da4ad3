import type { Db } from '../db';
import { TASK_STATUSES } from './constants';
import { toTaskView, taskInclude, type TaskView } from './task-view';

export interface ListTasksOptions {
  db: Db;
}

const columnIndex = (status: string) => {
  const i = (TASK_STATUSES as readonly string[]).indexOf(status);
  return i === -1 ? TASK_STATUSES.length : i;
};

/**
 * Every task, in board order: by column as the board shows them (Todo, In
 * progress, In review, Done, Cancelled; TASK_STATUSES), then position within
 * the column. The column order is not alphabetical, so it is applied here
 * rather than by the database.
 */
export async function listTasks(options: ListTasksOptions): Promise<TaskView[]> {
  const rows = await options.db.task.findMany({
    include: taskInclude,
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toTaskView).sort((a, b) => columnIndex(a.status) - columnIndex(b.status));
}
