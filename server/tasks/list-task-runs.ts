import type { Db } from '../db';
import { wholeNumberArg } from '../errors';
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
  const page = wholeNumberArg('page', options.page, 1);
  const pageSize = wholeNumberArg('pageSize', options.pageSize, 20, MAX_PAGE_SIZE);
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
