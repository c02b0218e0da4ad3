import type { Db } from '../db';
import { AppError } from '../errors';
import { priorityName, type Priority } from '../tasks/constants';
import { toRunListItem, type RunListItem } from './run-row';

/** One run as the transports show it (the claim token stays inside the worker). */
export interface RunView extends RunListItem {
  taskId: number;
  priority: Priority;
  availableAt: Date;
  requestedBy: string | null;
  retryOfId: number | null;
  /** The run queued to retry this one, if any. */
  retryRunId: number | null;
  leaseExpiresAt: Date | null;
  cancelRequestedAt: Date | null;
  result: unknown;
  /** The payload this run was asked with (Run now's override), or null: it ran with its task's. */
  payload: unknown;
  logBytes: number;
  logTruncated: boolean;
  /**
   * What the task runs, as its definition says now (runs keep no copy): the
   * shell command line, `GET https://…` for HTTP, `handler NAME`.
   */
  what: string | null;
}

/** The task's command line for the run page's header. */
export function whatTaskRuns(task: {
  kind: string;
  command: string | null;
  httpMethod: string | null;
  httpUrl: string | null;
  handler: string | null;
  scriptInterpreter?: string | null;
}): string | null {
  if (task.kind === 'http') return task.httpUrl ? `${task.httpMethod ?? 'GET'} ${task.httpUrl}` : null;
  if (task.kind === 'handler') return task.handler ? `handler ${task.handler}` : null;
  if (task.kind === 'script') return task.scriptInterpreter ? `${task.scriptInterpreter} script` : null;
  return task.command;
}

export interface GetRunOptions {
  db: Db;
  runId: number;
}

export async function getRun(options: GetRunOptions): Promise<RunView> {
  const run = await options.db.run.findUnique({
    where: { id: options.runId },
    include: {
      task: { select: { key: true, name: true, kind: true, command: true, httpMethod: true, httpUrl: true, handler: true, scriptInterpreter: true } },
      worker: { select: { name: true } } },
  });
  if (!run) throw new AppError('NOT_FOUND', `No run with id ${options.runId}`);
  // Only a failed or timed-out run is retried; retryOfId has no index, so do not look otherwise.
  const retry =
    run.status === 'failed' || run.status === 'timed_out'
      ? await options.db.run.findFirst({ where: { retryOfId: run.id }, select: { id: true }, orderBy: { id: 'asc' } })
      : null;
  return {
    ...toRunListItem(run),
    taskId: run.taskId,
    priority: priorityName(run.priority),
    availableAt: run.availableAt,
    requestedBy: run.requestedBy,
    retryOfId: run.retryOfId,
    retryRunId: retry?.id ?? null,
    leaseExpiresAt: run.leaseExpiresAt,
    cancelRequestedAt: run.cancelRequestedAt,
    result: run.result,
    payload: run.payload ?? null,
    logBytes: run.logBytes,
    logTruncated: run.logTruncated,
    what: whatTaskRuns(run.task),
  };
}
