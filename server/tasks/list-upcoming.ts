import type { Db } from '../db';
import { wholeNumberArg } from '../errors';
import { fireTimesFromNextRun, parseSchedule } from '../schedules';
import { priorityName, STOPPED_COLUMNS, type Priority } from './constants';

export interface UpcomingRun {
  at: Date;
  taskKey: string;
  taskName: string;
  priority: Priority;
  schedule: string;
  timezone: string;
  /** Due already: the worker has not fired it yet. */
  overdue: boolean;
}

export interface ListUpcomingOptions {
  db: Db;
  /** 1..500, default 10. */
  count?: number;
  /** Only this task's fire times. */
  taskKey?: string;
  now?: Date;
}

export const MAX_UPCOMING = 500;

/**
 * The next `count` fire times across all active tasks (not paused, not in Done
 * or Cancelled), merged in time order. Each task's first one is its nextRunAt.
 */
export async function listUpcoming(options: ListUpcomingOptions): Promise<UpcomingRun[]> {
  const count = wholeNumberArg('count', options.count, 10, MAX_UPCOMING);
  const now = options.now ?? new Date();
  // Only the `count` tasks that fire first can contribute: between them they
  // already have `count` fire times no later than any other task's first one.
  const tasks = await options.db.task.findMany({
    where: {
      paused: false,
      status: { notIn: [...STOPPED_COLUMNS] },
      nextRunAt: { not: null },
      ...(options.taskKey ? { key: options.taskKey } : {}),
    },
    orderBy: [{ nextRunAt: 'asc' }, { id: 'asc' }],
    take: count,
    select: { key: true, name: true, priority: true, schedule: true, timezone: true, nextRunAt: true, scheduleAnchorAt: true },
  });
  const upcoming: UpcomingRun[] = [];
  for (const task of tasks) {
    const first = task.nextRunAt!;
    const parsed = parseSchedule(task.schedule, { timezone: task.timezone });
    const times = parsed.ok ? fireTimesFromNextRun(parsed.schedule, first, { limit: count, anchor: task.scheduleAnchorAt }) : [first];
    for (const at of times) {
      upcoming.push({
        at,
        taskKey: task.key,
        taskName: task.name,
        priority: priorityName(task.priority),
        schedule: task.schedule,
        timezone: task.timezone,
        overdue: at.getTime() <= now.getTime(),
      });
    }
  }
  return upcoming.sort((a, b) => a.at.getTime() - b.at.getTime() || a.taskKey.localeCompare(b.taskKey)).slice(0, count);
}
