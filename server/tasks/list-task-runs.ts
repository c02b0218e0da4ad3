import type { Db } from '../db';
import { AppError } from '../errors';
import { runRowInclude, toRunHistoryItem, type RunHistoryItem } from '../runs/run-row';
import { findTaskIdOrThrow } from './find-task';

export interface TaskRunsPage {
  items: RunHistoryItem[];
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export interface ListTaskRunsOptions {
  db: Db;
  taskKey: string;
  /** 1-based. */
  page?: number;
  /** 1..100, default 20. */
  pageSize?: number;
}

export const MAX_PAGE_SIZE = 100;

/** One page of a task's runs, newest first, with the total for the pager. */
export async function listTaskRuns(options: ListTaskRunsOptions): Promise<TaskRunsPage> {
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? 20;
  if (!Number.isInteger(page) || page < 1) throw new AppError('BAD_REQUEST', `page must be a whole number from 1, got ${page}`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new AppError('BAD_REQUEST', `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  const taskId = await findTaskIdOrThrow(options.db, options.taskKey);
  const [total, runs] = await Promise.all([
    options.db.run.count({ where: { taskId } }),
    options.db.run.findMany({
      where: { taskId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: runRowInclude,
    }),
  ]);
  return {
    page,
    pageSize,
    total,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    items: runs.map(toRunHistoryItem),
  };
}
