// The upcoming-runs timeline: every active task's fire times in the next 24 h
// or 7 d, from its real nextRunAt (fireTimesFromNextRun), grouped by hour, with
// the minutes where many tasks fire at once (the midnight herd) picked out.
// Bounded: at most TIMELINE_TASK_CAP tasks and TIMELINE_PER_TASK_CAP fire times
// each (1,000 tasks × 7 days stays a few hundred thousand dates at worst).
import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Db } from '../db';
import { fireTimesFromNextRun, parseSchedule } from '../schedules';
import { priorityName, priorityValue, STOPPED_COLUMNS, type Priority } from './constants';
import { HERD_SIZE, TIMELINE_PER_TASK_CAP, TIMELINE_TASK_CAP, TIMELINE_WINDOWS, type TimelineWindow } from './timeline-schemas';

export interface TimelineTaskFires {
  taskKey: string;
  taskName: string;
  priority: Priority;
  schedule: string;
  /** This task's fires in the hour, and the first of them. */
  count: number;
  first: Date;
  /** The task's first fire is already due (the worker has not fired it yet). */
  overdue: boolean;
}

export interface TimelineHour {
  start: Date;
  total: number;
  tasks: TimelineTaskFires[];
  /** The minute of the hour with the most fires, and how many. */
  peak: { at: Date; count: number } | null;
}

export interface Timeline {
  from: Date;
  to: Date;
  window: TimelineWindow;
  totalFires: number;
  taskCount: number;
  hours: TimelineHour[];
  /** Minutes with at least HERD_SIZE fires, busiest first (at most 10). */
  herds: { at: Date; count: number; taskKeys: string[] }[];
  /** Tasks whose fires in the window were more than the cap: only their first ones are counted. */
  capped: { taskKey: string; taskName: string }[];
  perTaskCap: number;
  /** More active tasks than were read (TIMELINE_TASK_CAP): the later ones are left out. */
  tasksCapped: boolean;
}

export interface ListTimelineOptions {
  db: Db;
  window?: TimelineWindow;
  q?: string;
  priority?: Priority;
  label?: string;
  now?: Date;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

export async function listTimeline(options: ListTimelineOptions): Promise<Timeline> {
  const window = options.window ?? '24h';
  const now = options.now ?? new Date();
  const from = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const to = new Date(now.getTime() + TIMELINE_WINDOWS[window] * HOUR);
  const where: Prisma.TaskWhereInput = {
    paused: false,
    status: { notIn: [...STOPPED_COLUMNS] },
    nextRunAt: { not: null, lt: to },
    ...(options.priority ? { priority: priorityValue(options.priority) } : {}),
    ...(options.label ? { labels: { some: { name: options.label } } } : {}),
  };
  const rows = await options.db.task.findMany({
    where,
    orderBy: [{ nextRunAt: 'asc' }, { id: 'asc' }],
    take: options.q ? undefined : TIMELINE_TASK_CAP + 1,
    select: { key: true, name: true, priority: true, schedule: true, timezone: true, nextRunAt: true, scheduleAnchorAt: true },
  });
  // The search as the board's: name or key contains, case-insensitive, the same on both providers.
  const q = options.q?.toLowerCase();
  const tasks = q ? rows.filter((t) => t.name.toLowerCase().includes(q) || t.key.toLowerCase().includes(q)) : rows;
  const tasksCapped = tasks.length > TIMELINE_TASK_CAP;

  const hours = new Map<number, TimelineHour & { byTask: Map<string, TimelineTaskFires>; minutes: Map<number, number> }>();
  const minutes = new Map<number, string[]>();
  const capped: Timeline['capped'] = [];
  let totalFires = 0;
  for (const task of tasks.slice(0, TIMELINE_TASK_CAP)) {
    const parsed = parseSchedule(task.schedule, { timezone: task.timezone });
    const first = task.nextRunAt!;
    const times = parsed.ok ? fireTimesFromNextRun(parsed.schedule, first, { until: to, limit: TIMELINE_PER_TASK_CAP + 1, anchor: task.scheduleAnchorAt }) : [first];
    if (times.length > TIMELINE_PER_TASK_CAP) {
      times.length = TIMELINE_PER_TASK_CAP;
      capped.push({ taskKey: task.key, taskName: task.name });
    }
    for (const at of times) {
      // An overdue fire counts in the current hour: it runs as soon as a worker is free.
      const ms = Math.max(at.getTime(), from.getTime());
      const hourStart = Math.floor(ms / HOUR) * HOUR;
      let hour = hours.get(hourStart);
      if (!hour) {
        hour = { start: new Date(hourStart), total: 0, tasks: [], peak: null, byTask: new Map(), minutes: new Map() };
        hours.set(hourStart, hour);
      }
      hour.total += 1;
      totalFires += 1;
      const entry = hour.byTask.get(task.key);
      if (entry) entry.count += 1;
      else {
        const fires: TimelineTaskFires = {
          taskKey: task.key,
          taskName: task.name,
          priority: priorityName(task.priority),
          schedule: task.schedule,
          count: 1,
          first: at,
          overdue: at.getTime() <= now.getTime(),
        };
        hour.byTask.set(task.key, fires);
        hour.tasks.push(fires);
      }
      const minute = Math.floor(ms / MINUTE) * MINUTE;
      hour.minutes.set(minute, (hour.minutes.get(minute) ?? 0) + 1);
      const keys = minutes.get(minute) ?? [];
      keys.push(task.key);
      minutes.set(minute, keys);
    }
  }

  const sortedHours = [...hours.values()]
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map(({ byTask: _byTask, minutes: perMinute, ...hour }) => {
      let peak: TimelineHour['peak'] = null;
      for (const [at, count] of perMinute) if (!peak || count > peak.count) peak = { at: new Date(at), count };
      hour.tasks.sort((a, b) => a.first.getTime() - b.first.getTime() || a.taskKey.localeCompare(b.taskKey));
      return { ...hour, peak };
    });
  const herds = [...minutes.entries()]
    .filter(([, keys]) => keys.length >= HERD_SIZE)
    .sort((a, b) => b[1].length - a[1].length || a[0] - b[0])
    .slice(0, 10)
    .map(([at, keys]) => ({ at: new Date(at), count: keys.length, taskKeys: [...new Set(keys)].slice(0, 5) }));

  return {
    from,
    to,
    window,
    totalFires,
    taskCount: Math.min(tasks.length, TIMELINE_TASK_CAP),
    hours: sortedHours,
    herds,
    capped,
    perTaskCap: TIMELINE_PER_TASK_CAP,
    tasksCapped,
  };
}
