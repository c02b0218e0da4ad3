// Closed sets of the task domain, shared by services, zod schemas and the UI.

export const TASK_STATUSES = ['todo', 'in_progress', 'in_review', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const STATUS_TITLES: Record<TaskStatus, string> = {
  todo: 'Todo',
  in_progress: 'In progress',
  in_review: 'In review',
  done: 'Done',
  cancelled: 'Cancelled',
};

/**
 * The columns where a card's schedule is stopped (PRODUCT.md "The board and the
 * worker together"): a card moved there gets no next fire time and its queued
 * runs are cancelled; moved out, its schedule resumes from now. The one place
 * this rule is written, for the services, the worker's queries and the board.
 */
export const STOPPED_COLUMNS = ['done', 'cancelled'] as const satisfies readonly TaskStatus[];

export function isStoppedColumn(status: string): boolean {
  return (STOPPED_COLUMNS as readonly string[]).includes(status);
}

export const TASK_KINDS = ['shell', 'http', 'handler', 'script'] as const;

/** Interpreters a script task may name by word; anything else must be an absolute path on the worker. */
export const SCRIPT_INTERPRETERS = ['sh', 'bash', 'python3', 'node'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Priority names in ascending order; the stored value is the index (low 0 .. urgent 3). */
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export function priorityValue(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

export function priorityName(value: number): Priority {
  return PRIORITIES[Math.min(Math.max(Math.round(value), 0), PRIORITIES.length - 1)] ?? 'medium';
}

/**
 * A one-time schedule (a date or `now`) fires once: once its task has run, it
 * has no next run. The card and the task page say so with this text.
 */
export const ONE_TIME_SPENT_TEXT = 'None (one-time schedule already fired)';
export function oneTimeScheduleSpent(task: { scheduleKind: string; lastRunAt: Date | null }): boolean {
  return task.scheduleKind === 'once' && task.lastRunAt !== null;
}

export const OVERLAP_POLICIES = ['skip', 'queue', 'allow'] as const;
export const MISFIRE_POLICIES = ['coalesce', 'skip', 'catch_up'] as const;
export const BACKOFF_KINDS = ['fixed', 'exponential'] as const;
export const TASK_SOURCES = ['ui', 'yaml', 'api', 'cli', 'demo'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'skipped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A finished run with one of these statuses makes its task failing (a red card, the header's count, the board's "failing" filter). */
export const FAILING_RUN_STATUSES: readonly RunStatus[] = ['failed', 'timed_out'];

/** A terminal status: a run that is neither queued nor running will not change any more. */
export function isFinishedRunStatus(status: RunStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
