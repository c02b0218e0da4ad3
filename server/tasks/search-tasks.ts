import type { Db } from '../db';
import { keysetPage } from '../db/keyset-page';
import type { TaskStatus } from './constants';
import { selectTaskPage } from './task-page-sql';
import { toTaskView, type TaskView } from './task-view';

export const TASK_PAGE_MAX = 200;

export interface TaskFilters {
  status?: TaskStatus;
  /** Tasks carrying this label. */
  label?: string;
  paused?: boolean;
  /** Part of the key or name (case-insensitive; `%` and `_` match themselves). */
  q?: string;
}

export interface SearchTasksOptions {
  db: Db;
  filters?: TaskFilters;
  /** The last task id of the previous page. */
  cursor?: number | null;
  /** Default 50, at most TASK_PAGE_MAX. */
  limit?: number;
}

export interface TaskPage {
  items: TaskView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: number | null;
}

/**
 * Tasks filtered, one page at a time, oldest first by id. Keyset pagination
 * on the primary key (`id > cursor`): tasks created while a client pages
 * through come after the ones it has, so no page repeats or skips one.
 */
export async function searchTasks(options: SearchTasksOptions): Promise<TaskPage> {
  const limit = Math.min(options.limit ?? 50, TASK_PAGE_MAX);
  // One statement for the page with its labels (task-page-sql.ts); `q` matches key or name, any case, as written.
  const rows = await selectTaskPage({ db: options.db, filters: options.filters ?? {}, cursor: options.cursor, take: limit + 1 });
  return keysetPage(rows, limit, toTaskView);
}
