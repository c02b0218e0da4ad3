import type { Prisma } from '../../prisma/generated/sqlite/client';
import { providerOf, type Db } from '../db';
import type { TaskStatus } from './constants';
import { toTaskView, taskViewSelect, type TaskView } from './task-view';

export const TASK_PAGE_MAX = 200;

export interface TaskFilters {
  status?: TaskStatus;
  /** Tasks carrying this label. */
  label?: string;
  paused?: boolean;
  /** Part of the key or name (case-insensitive). */
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
  const f = options.filters ?? {};
  // PostgreSQL compares case-sensitively unless asked; SQLite's LIKE is case-insensitive for ASCII already.
  const mode = providerOf(options.db) === 'postgresql' ? ({ mode: 'insensitive' } as const) : {};
  const where: Prisma.TaskWhereInput = {
    ...(f.status ? { status: f.status } : {}),
    ...(f.paused !== undefined ? { paused: f.paused } : {}),
    ...(f.label ? { labels: { some: { name: f.label } } } : {}),
    ...(f.q ? { OR: [{ key: { contains: f.q, ...mode } }, { name: { contains: f.q, ...mode } }] } : {}),
    ...(options.cursor ? { id: { gt: options.cursor } } : {}),
  };
  const rows = await options.db.task.findMany({ where, select: taskViewSelect, orderBy: { id: 'asc' }, take: limit + 1 });
  const page = rows.slice(0, limit);
  return { items: page.map(toTaskView), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
