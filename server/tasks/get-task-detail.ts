import type { Db } from '../db';
import { parseSchedule, taskFireTimes } from '../schedules';
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
  /**
   * The next 5 fire times as the worker will fire them (taskFireTimes): the
   * first is nextRunAt. Without one (paused, stopped) what it would do if
   * started now. Empty for manual and spent one-time schedules.
   */
  nextFireTimes: Date[];
  /** The last failed or timed-out run, with the last lines of its stderr (why it failed, at a glance). */
  lastFailure: { runId: number; status: string; finishedAt: Date | null; error: string | null; stderr: string[] } | null;
}

/** Lines of the last failure's stderr the task page shows. */
const STDERR_LINES = 10;

export interface GetTaskDetailOptions {
  db: Db;
  key: string;
  now?: Date;
}

/** One task with everything the task page shows and edits. */
export async function getTaskDetail(options: GetTaskDetailOptions): Promise<TaskDetail> {
  const row = await findTaskOrThrow(options.db, options.key);
  const [running, queuedRuns] = await Promise.all([
    options.db.run.findMany({ where: { taskId: row.id, status: 'running' }, orderBy: { id: 'desc' }, select: { id: true } }),
    options.db.run.count({ where: { taskId: row.id, status: 'queued' } }),
  ]);
  const parsed = parseSchedule(row.schedule, { timezone: row.timezone });
  const spent = row.scheduleKind === 'once' && row.lastRunAt !== null && row.nextRunAt === null;
  const nextFireTimes = parsed.ok && !spent ? taskFireTimes(parsed.schedule, row, 5, options.now ?? new Date()) : [];
  const failed = await options.db.run.findFirst({
    where: { taskId: row.id, status: { in: ['failed', 'timed_out'] } },
    orderBy: { id: 'desc' },
    select: { id: true, status: true, finishedAt: true, error: true },
  });
  let lastFailure: TaskDetail['lastFailure'] = null;
  if (failed) {
    const chunks = await options.db.runLog.findMany({
      where: { runId: failed.id, stream: 'stderr' },
      orderBy: { seq: 'desc' },
      take: STDERR_LINES,
      select: { data: true },
    });
    const lines = chunks.reverse().flatMap((c) => c.data.split('\n')).filter((l) => l.trim() !== '');
    lastFailure = { runId: failed.id, status: failed.status, finishedAt: failed.finishedAt, error: failed.error, stderr: lines.slice(-STDERR_LINES) };
  }
  return { ...toTaskView(row), input: taskInputFromRow(row), runningRunIds: running.map((r) => r.id), queuedRuns, nextFireTimes, lastFailure };
}
