// The REST task-queue compatibility API's shapes (issue 17 item 1): its task
// (`name, description, enabled, type: cron|interval, schedule, function,
// kwargs`) as a Cronboard handler task, and a run as its execution (statuses
// queued | running | success | failed | cancelled). Pure mapping, no I/O.
import { z } from 'zod';
import { AppError } from '../errors';
import { parseSchedule } from '../schedules';
import type { RunStatus } from '../tasks/constants';
import { taskKeySchema } from '../tasks/schemas';

export const taskQueueTaskSchema = z.object({
  task_id: taskKeySchema.optional(),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).default(''),
  enabled: z.boolean().default(true),
  type: z.enum(['cron', 'interval']),
  /** cron: an expression; interval: seconds (a number) or a duration ("5m", "every 2 hours"). */
  schedule: z.union([z.string().trim().min(1).max(200), z.number().int().positive()]),
  function: z.string().trim().min(1).max(200),
  kwargs: z.record(z.string(), z.json()).default({}),
});
export type TaskQueueTaskInput = z.infer<typeof taskQueueTaskSchema>;

/** A key from a name when no task_id is given: "Nightly backup" → "nightly-backup". */
export function keyFromName(name: string): string {
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return key === '' ? 'task' : key;
}

/** Our schedule for its `type` + `schedule`; a schedule of the other type is refused naming `schedule`. */
export function scheduleOf(input: Pick<TaskQueueTaskInput, 'type' | 'schedule'>): string {
  const raw = String(input.schedule).trim();
  const schedule = input.type === 'interval' && /^\d+$/.test(raw) ? `every ${raw}s` : raw;
  const parsed = parseSchedule(schedule);
  if (!parsed.ok) throw invalid('schedule', `${input.type} schedule ${JSON.stringify(raw)}: ${parsed.error.message}`);
  if (parsed.schedule.kind !== input.type) throw invalid('schedule', `${JSON.stringify(raw)} is not ${input.type === 'interval' ? 'an interval' : 'a cron'} schedule (it reads as ${parsed.schedule.kind})`);
  return schedule;
}

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `The request is not valid: ${path}: ${message}`, { issues: [{ path, message }] });
}

/** The body of our task create for a task-queue task: a handler task whose payload is `kwargs`. */
export function toTaskInput(input: TaskQueueTaskInput) {
  return {
    key: input.task_id ?? keyFromName(input.name),
    name: input.name,
    description: input.description,
    kind: 'handler' as const,
    handler: input.function,
    payload: input.kwargs,
    schedule: scheduleOf(input),
    paused: !input.enabled,
  };
}

interface TaskLike {
  key: string;
  name: string;
  description: string;
  paused: boolean;
  schedule: string;
  scheduleKind: string;
  handler: string | null;
  payload?: unknown;
  nextRunAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A Cronboard task in the task-queue shape (`function` is null for a task that is not a handler task). */
export function toTaskQueueTask(task: TaskLike) {
  const parsed = task.scheduleKind === 'interval' ? parseSchedule(task.schedule) : null;
  const seconds = parsed?.ok && parsed.schedule.kind === 'interval' ? parsed.schedule.everyMs / 1000 : null;
  return {
    task_id: task.key,
    name: task.name,
    description: task.description,
    enabled: !task.paused,
    type: seconds === null ? ('cron' as const) : ('interval' as const),
    schedule: seconds ?? task.schedule,
    function: task.handler,
    kwargs: (task.payload as Record<string, unknown> | null | undefined) ?? {},
    next_run: task.nextRunAt?.toISOString() ?? null,
    created_at: task.createdAt.toISOString(),
    updated_at: task.updatedAt.toISOString(),
  };
}

export const EXECUTION_STATUSES = ['queued', 'running', 'success', 'failed', 'cancelled'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Our run statuses → theirs: timed_out and skipped are failed, with our status kept as `reason`. */
// One line on purpose: the mapping reads as a table. Ours that are not plainly theirs (timed_out, skipped) are failed.
export const EXECUTION_STATUS_OF: Record<RunStatus, ExecutionStatus> = { queued: 'queued', running: 'running', succeeded: 'success', failed: 'failed', timed_out: 'failed', skipped: 'failed', cancelled: 'cancelled' };

/** Theirs → the run statuses it stands for (the executions list's `status` filter). */
export function runStatusesOf(status: ExecutionStatus): RunStatus[] {
  return (Object.keys(EXECUTION_STATUS_OF) as RunStatus[]).filter((s) => EXECUTION_STATUS_OF[s] === status);
}

interface RunLike {
  id: number;
  taskKey: string;
  status: RunStatus;
  trigger: string;
  attempt: number;
  scheduledFor: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  result?: unknown;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A run as an execution; `reason` keeps why a run that is not plainly failed counts as failed. */
export function toExecution(run: RunLike) {
  const status = EXECUTION_STATUS_OF[run.status];
  return {
    execution_id: run.id,
    task_id: run.taskKey,
    status,
    reason: run.status === 'timed_out' || run.status === 'skipped' ? run.status : null,
    error: run.error,
    trigger: run.trigger,
    attempt: run.attempt,
    scheduled_for: iso(run.scheduledFor),
    created_at: iso(run.createdAt),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
    duration_ms: run.durationMs,
    result: run.result ?? null,
  };
}
