// The tasks whose schedule is `on: …`, with their parsed trigger.
import { parseSchedule } from '../schedules';
import type { WriteTx } from '../db/write-transaction';
import { STOPPED_COLUMNS } from '../tasks/constants';

export interface TriggeredTask {
  id: number;
  key: string;
  /** A custom event type or family, or run.succeeded|failed|finished (with taskKey). */
  pattern: string;
  /** The task it follows (a chain), else null. */
  taskKey: string | null;
}

/** Every task triggered by events; `active` leaves out paused ones and those in a stopped column (the tick's rule). */
export async function eventTriggeredTasks(db: Pick<WriteTx, 'task'>, options: { active?: boolean } = {}): Promise<TriggeredTask[]> {
  const rows = await db.task.findMany({
    where: { scheduleKind: 'event', ...(options.active && { paused: false, status: { notIn: [...STOPPED_COLUMNS] } }) },
    select: { id: true, key: true, schedule: true },
    orderBy: { id: 'asc' },
  });
  return rows.flatMap((row) => {
    const parsed = parseSchedule(row.schedule);
    if (!parsed.ok || parsed.schedule.kind !== 'event') return [];
    return [{ id: row.id, key: row.key, pattern: parsed.schedule.pattern, taskKey: parsed.schedule.taskKey }];
  });
}
