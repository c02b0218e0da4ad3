import type { Db } from '../db';
import type { TaskInput } from './schemas';
import { taskInputFromRow } from './task-input-from-row';
import { toTaskView, type TaskView } from './task-view';
import { findTaskOrThrow } from './find-task';

export interface TaskDetail extends TaskView {
  /** Every editable field, as the task form edits them. */
  input: TaskInput;
  /** Runs running now, newest first (cancel, delete with force). */
  runningRunIds: number[];
  /** Runs waiting to be claimed. */
  queuedRuns: number;
}

export interface GetTaskDetailOptions {
  db: Db;
  key: string;
}

/** One task with everything the task page shows and edits. */
export async function getTaskDetail(options: GetTaskDetailOptions): Promise<TaskDetail> {
  const row = await findTaskOrThrow(options.db, options.key);
  const [running, queuedRuns] = await Promise.all([
    options.db.run.findMany({ where: { taskId: row.id, status: 'running' }, orderBy: { id: 'desc' }, select: { id: true } }),
    options.db.run.count({ where: { taskId: row.id, status: 'queued' } }),
  ]);
  return { ...toTaskView(row), input: taskInputFromRow(row), runningRunIds: running.map((r) => r.id), queuedRuns };
}
