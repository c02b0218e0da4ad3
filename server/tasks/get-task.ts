import type { Db } from '../db';
import { AppError } from '../errors';
import { toTaskView, taskInclude, type TaskView } from './task-view';

export interface GetTaskOptions {
  db: Db;
  key: string;
}

export async function getTask(options: GetTaskOptions): Promise<TaskView> {
  const row = await options.db.task.findUnique({ where: { key: options.key }, include: taskInclude });
  if (!row) throw new AppError('NOT_FOUND', `No task with key '${options.key}'`);
  return toTaskView(row);
}
