import type { Db } from '../db';
import { TASK_STATUSES, type TaskStatus } from './constants';
import { selectTaskPage } from './task-page-sql';
import { toTaskView, type TaskView } from './task-view';

export interface ListTasksOptions {
  db: Db;
  /** Only the cards in this column. */
  status?: TaskStatus;
  /** Only the cards carrying this label (by name). */
  label?: string;
  /** Only paused (true) or only unpaused (false) tasks. */
  paused?: boolean;
}

/** Rows per statement: a list of any size reads in a few statements of bounded size. */
const PAGE_ROWS = 1000;

const columnIndex = (status: string) => {
  const i = (TASK_STATUSES as readonly string[]).indexOf(status);
  return i === -1 ? TASK_STATUSES.length : i;
};

/**
 * Tasks in board order: by column as the board shows them (Todo, In progress,
 * In review, Done, Cancelled; TASK_STATUSES), then position within the column.
 * The column order is not alphabetical, so it is applied here rather than by
 * the database. Read with the statement GET /api/v1/tasks pages with
 * (task-page-sql.ts: the task and its labels in one statement, no Prisma
 * query compiler), in keyset pages by id.
 */
export async function listTasks(options: ListTasksOptions): Promise<TaskView[]> {
  const filters = { status: options.status, label: options.label, paused: options.paused };
  const tasks: TaskView[] = [];
  for (let cursor: number | null = null; ; ) {
    const rows = await selectTaskPage({ db: options.db, filters, cursor, take: PAGE_ROWS });
    for (const row of rows) tasks.push(toTaskView(row));
    if (rows.length < PAGE_ROWS) break;
    cursor = rows[rows.length - 1]!.id;
  }
  return tasks.sort((a, b) => columnIndex(a.status) - columnIndex(b.status) || a.position - b.position || a.id - b.id);
}
