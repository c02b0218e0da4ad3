import type { Db } from '../db';
import { AppError } from '../errors';
import { parseSchedule, taskFireTimes } from '../schedules';
import type { TaskInput } from './schemas';
import { taskInputFromRow } from './task-input-from-row';
import { toTaskView, taskInclude, type TaskView } from './task-view';

export interface TaskDetail extends TaskView {
  /** Every editable field, as the task form edits them. */
  input: TaskInput;
  /** Runs running now, newest first (cancel, delete with force). */
  runningRunIds: number[];
  /** Runs waiting to be claimed. */
  queuedRuns: number;
  /**
   * The next 5 fire times as the worker will fire them (taskFireTimes): the
   * first is nextRunAt. Without one (paused, stopped) what it would do if
   * started now. Empty for manual and spent one-time schedules.
   */
  nextFireTimes: Date[];
}

export interface GetTaskDetailOptions {
  db: Db;
  key: string;
  now?: Date;
}

/** One task with everything the task page shows and edits. */
export async function getTaskDetail(options: GetTaskDetailOptions): Promise<TaskDetail> {
  const row = await options.db.task.findUnique({ where: { key: options.key }, include: taskInclude });
  if (!row) throw new AppError('NOT_FOUND', `No task with key '${options.key}'`);
  const [running, queuedRuns] = await Promise.all([
    options.db.run.findMany({ where: { taskId: row.id, status: 'running' }, orderBy: { id: 'desc' }, select: { id: true } }),
    options.db.run.count({ where: { taskId: row.id, status: 'queued' } }),
  ]);
  const parsed = parseSchedule(row.schedule, { timezone: row.timezone });
  const spent = row.scheduleKind === 'once' && row.lastRunAt !== null && row.nextRunAt === null;
  const nextFireTimes = parsed.ok && !spent ? taskFireTimes(parsed.schedule, row, 5, options.now ?? new Date()) : [];
  return { ...toTaskView(row), input: taskInputFromRow(row), runningRunIds: running.map((r) => r.id), queuedRuns, nextFireTimes };
}
