import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import type { Actor } from '../auth/actor';
import { isStoppedColumn } from './constants';
import { nextRunFromNow } from './next-run-from-now';
import { toTaskView, taskInclude, type TaskView } from './task-view';
import { loadTaskForWrite } from './load-task-for-write';

export interface ResumeTaskOptions {
  db: Db;
  key: string;
  actor: Actor;
  expectedVersion?: number;
  now?: Date;
}

/**
 * Lifts a pause. The next fire time is computed from now, so the fire times
 * missed while paused do not come as a burst of runs. A card in Done or
 * Cancelled stays unscheduled (its column, not the pause, stops it).
 */
export async function resumeTask(options: ResumeTaskOptions): Promise<TaskView> {
  const now = options.now ?? new Date();
  return writeTransaction(options.db, async (tx) => {
    const row = await loadTaskForWrite(tx, options.key, options.expectedVersion);
    if (!row.paused) return toTaskView(row);
    const active = !isStoppedColumn(row.status);
    const { nextRunAt, anchor } = nextRunFromNow(row, active, now);
    const { count } = await tx.task.updateMany({
      where: { id: row.id, version: row.version },
      data: { paused: false, nextRunAt, scheduleAnchorAt: anchor, version: { increment: 1 }, updatedBy: options.actor.name },
    });
    if (count !== 1) throw new AppError('CONFLICT', `Task '${row.key}' was changed by someone else while resuming; try again`);
    await recordEvent({
      db: tx,
      type: 'task.resumed',
      actor: options.actor,
      taskId: row.id,
      taskKey: row.key,
      payload: { version: row.version + 1, nextRunAt: nextRunAt?.toISOString() ?? null },
    });
    return toTaskView(await tx.task.findUniqueOrThrow({ where: { id: row.id }, include: taskInclude }));
  });
}
