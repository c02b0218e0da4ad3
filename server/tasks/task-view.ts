import type { Prisma } from '../../prisma/generated/sqlite/client';
import { describeSchedule, parseSchedule } from '../schedules';
import { managedIn } from './managed-task';
import { priorityName, type Priority, type TaskKind, type TaskStatus } from './constants';

export const taskInclude = { labels: { select: { name: true, color: true } } } satisfies Prisma.TaskInclude;
type TaskRow = Prisma.TaskGetPayload<{ include: typeof taskInclude }>;

/** A task as the transports return it: plain data, names instead of codes. */
export interface TaskView {
  id: number;
  key: string;
  name: string;
  description: string;
  kind: TaskKind;
  command: string | null;
  httpMethod: string | null;
  httpUrl: string | null;
  handler: string | null;
  schedule: string;
  scheduleKind: string;
  scheduleDescription: string;
  timezone: string;
  priority: Priority;
  status: TaskStatus;
  position: number;
  paused: boolean;
  labels: { name: string; color: string | null }[];
  assignee: string | null;
  maxRetries: number;
  timeoutSeconds: number | null;
  overlap: string;
  misfire: string;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  lastRunStatus: string | null;
  /** The definition's version (form edits, pause/resume). */
  version: number;
  /** The card's place version (moves by people and workers). */
  boardVersion: number;
  source: string;
  /** source yaml: the job file that defines the task, as shown to people (`jobs/backup.yaml`). */
  managedIn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toTaskView(row: TaskRow): TaskView {
  const parsed = parseSchedule(row.schedule, { timezone: row.timezone });
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    kind: row.kind as TaskKind,
    command: row.command,
    httpMethod: row.httpMethod,
    httpUrl: row.httpUrl,
    handler: row.handler,
    schedule: row.schedule,
    scheduleKind: row.scheduleKind,
    scheduleDescription: parsed.ok ? describeSchedule(parsed.schedule) : `Invalid schedule: ${parsed.error.message}`,
    timezone: row.timezone,
    priority: priorityName(row.priority),
    status: row.status as TaskStatus,
    position: row.position,
    paused: row.paused,
    labels: row.labels,
    assignee: row.assignee,
    maxRetries: row.maxRetries,
    timeoutSeconds: row.timeoutSeconds,
    overlap: row.overlap,
    misfire: row.misfire,
    nextRunAt: row.nextRunAt,
    lastRunAt: row.lastRunAt,
    lastRunStatus: row.lastRunStatus,
    version: row.version,
    boardVersion: row.boardVersion,
    source: row.source,
    managedIn: managedIn(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
