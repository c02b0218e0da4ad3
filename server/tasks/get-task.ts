import type { Db } from '../db';
import { findTaskOrThrow } from './find-task';
import { toTaskView, type TaskView } from './task-view';

export interface GetTaskOptions {
  db: Db;
  key: string;
}

export async function getTask(options: GetTaskOptions): Promise<TaskView> {
  return toTaskView(await findTaskOrThrow(options.db, options.key));
}
