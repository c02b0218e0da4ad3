import { isStoppedColumn } from './constants';
import { nextRunFromNow } from './next-run-from-now';
import { updateLoadedTask, writeLoadedTask, type TaskWriteOptions } from './load-task-for-write';
import { toTaskView, type TaskView } from './task-view';

export interface ResumeTaskOptions extends TaskWriteOptions {
  now?: Date;
}

/**
 * Lifts a pause. The next fire time is computed from now, so the fire times
 * missed while paused do not come as a burst of runs. A card in Done or
 * Cancelled stays unscheduled (its column, not the pause, stops it).
 */
export async function resumeTask(options: ResumeTaskOptions): Promise<TaskView> {
  const now = options.now ?? new Date();
  return writeLoadedTask(options, async (tx, row) => {
    if (!row.paused) return toTaskView(row);
    const active = !isStoppedColumn(row.status);
    const { nextRunAt, anchor } = nextRunFromNow(row, active, now);
    const task = await updateLoadedTask(tx, row, { paused: false, nextRunAt, scheduleAnchorAt: anchor }, {
      actor: options.actor,
      doing: 'resuming',
      event: { type: 'task.resumed', payload: (version) => ({ version, nextRunAt: nextRunAt?.toISOString() ?? null }) },
    });
    return toTaskView(task);
  });
}
