import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Db } from '../db';
import { TASK_STATUSES, type TaskStatus } from './constants';
import { toTaskView, taskViewSelect, type TaskView } from './task-view';

export interface ListTasksOptions {
  db: Db;
  /** Only the cards in this column. */
  status?: TaskStatus;
  /** Only the cards carrying this label (by name). */
  label?: string;
  /** Only paused (true) or only unpaused (false) tasks. */
  paused?: boolean;
}

const columnIndex = (status: string) => {
  const i = (TASK_STATUSES as readonly string[]).indexOf(status);
  return i === -1 ? TASK_STATUSES.length : i;
};

/**
 * Tasks in board order: by column as the board shows them (Todo, In progress,
 * In review, Done, Cancelled; TASK_STATUSES), then position within the column.
 * The column order is not alphabetical, so it is applied here rather than by
 * the database.
 */
export async function listTasks(options: ListTasksOptions): Promise<TaskView[]> {
  const where: Prisma.TaskWhereInput = {
    ...(options.status ? { status: options.status } : {}),
    ...(options.label ? { labels: { some: { name: options.label } } } : {}),
    ...(options.paused !== undefined ? { paused: options.paused } : {}),
  };
  const rows = await options.db.task.findMany({
    where,
    select: taskViewSelect,
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toTaskView).sort((a, b) => columnIndex(a.status) - columnIndex(b.status));
}
