import type { Db } from '../db';
import { wholeNumberArg } from '../errors';
import { runRowInclude, toRunHistoryItem, type RunHistoryItem } from './run-row';
import { findTaskIdOrThrow } from '../tasks/find-task';

export interface ListRunHistoryOptions {
  db: Db;
  taskKey: string;
  /** 1..500, default 20. */
  limit?: number;
}

export const MAX_HISTORY_LIMIT = 500;

/** A task's runs, newest first. */
export async function listRunHistory(options: ListRunHistoryOptions): Promise<RunHistoryItem[]> {
  const limit = wholeNumberArg('limit', options.limit, 20, MAX_HISTORY_LIMIT);
  const taskId = await findTaskIdOrThrow(options.db, options.taskKey);
  const runs = await options.db.run.findMany({
    where: { taskId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    include: runRowInclude,
  });
  return runs.map(toRunHistoryItem);
}
