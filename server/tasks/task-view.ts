import type { Prisma } from '../../prisma/generated/sqlite/client';
import { describeSchedule, parseSchedule } from '../schedules';
import { managedIn } from './managed-task';
import { priorityName, type Priority, type TaskKind, type TaskStatus } from './constants';

export const taskInclude = { labels: { select: { name: true, color: true } } } satisfies Prisma.TaskInclude;

/**
 * Exactly the columns a TaskView is made of: lists (tasks.list, GET
 * /api/v1/tasks) select these instead of whole rows, so the database and
 * Prisma skip the definition's JSON and text columns (env, headers, body,
 * payload, retry policy) no list shows. A full row (`include: taskInclude`)
 * fits too.
 */
export const taskViewSelect = {
  id: true,
  key: true,
  name: true,
  description: true,
  kind: true,
  command: true,
  httpMethod: true,
  httpUrl: true,
  handler: true,
  scriptInterpreter: true,
  schedule: true,
  scheduleKind: true,
  timezone: true,
  priority: true,
  status: true,
  position: true,
  paused: true,
  labels: taskInclude.labels,
  assignee: true,
  maxRetries: true,
  timeoutSeconds: true,
  overlap: true,
  misfire: true,
  nextRunAt: true,
  lastRunAt: true,
  lastRunStatus: true,
  version: true,
  boardVersion: true,
  source: true,
  sourcePath: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.TaskSelect;
type TaskRow = Prisma.TaskGetPayload<{ select: typeof taskViewSelect }>;

/**
 * Schedule descriptions by (timezone, schedule): describing one costs ~0.1 ms
 * (parse, then words), which was most of a 1,000-task list (issue 12); a board
 * has few distinct schedules, so each is parsed and described once per
 * process. Bounded: emptied when it reaches DESCRIPTION_CACHE_MAX entries.
 */
const descriptions = new Map<string, string>();
const DESCRIPTION_CACHE_MAX = 5000;

export function scheduleDescriptionOf(schedule: string, timezone: string): string {
  const key = `${timezone}\n${schedule}`;
  const known = descriptions.get(key);
  if (known !== undefined) return known;
  const parsed = parseSchedule(schedule, { timezone });
  const description = parsed.ok ? describeSchedule(parsed.schedule) : `Invalid schedule: ${parsed.error.message}`;
  if (descriptions.size >= DESCRIPTION_CACHE_MAX) descriptions.clear();
  descriptions.set(key, description);
  return description;
}

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
  /** script: the interpreter (the body is in the definition, not in lists). */
  scriptInterpreter: string | null;
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
    scriptInterpreter: row.scriptInterpreter,
    schedule: row.schedule,
    scheduleKind: row.scheduleKind,
    scheduleDescription: scheduleDescriptionOf(row.schedule, row.timezone),
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
