import type { Db } from '../db';
import { findTaskOrThrow } from './find-task';
import type { TaskInput } from './schemas';
import { taskInputFromRow } from './task-input-from-row';
import { toTaskView, type TaskView } from './task-view';

export interface GetTaskOptions {
  db: Db;
  key: string;
}

export async function getTask(options: GetTaskOptions): Promise<TaskView> {
  return toTaskView(await findTaskOrThrow(options.db, options.key));
}

/** A task as the lists show it, plus every field of its definition (as the edit form and `show --json` read it; secrets masked). */
export type TaskDefinition = TaskView & Omit<TaskInput, keyof TaskView>;

export async function getTaskDefinition(options: GetTaskOptions): Promise<TaskDefinition> {
  const row = await findTaskOrThrow(options.db, options.key);
  const { labels: _labels, ...definition } = taskInputFromRow(row);
  return { ...definition, ...toTaskView(row) };
}
