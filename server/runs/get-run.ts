import type { Db } from '../db';
import { AppError } from '../errors';
import { priorityName, type Priority, type RunStatus } from '../tasks/constants';

/** One run as the transports show it (the claim token stays inside the worker). */
export interface RunView {
  id: number;
  taskId: number;
  taskKey: string;
  taskName: string;
  status: RunStatus;
  /** A terminal status: the run will not change any more. */
  finished: boolean;
  trigger: string;
  attempt: number;
  priority: Priority;
  scheduledFor: Date | null;
  availableAt: Date;
  createdAt: Date;
  requestedBy: string | null;
  retryOfId: number | null;
  /** The run queued to retry this one, if any. */
  retryRunId: number | null;
  workerId: string | null;
  workerName: string | null;
  leaseExpiresAt: Date | null;
  cancelRequestedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  result: unknown;
  logBytes: number;
  logTruncated: boolean;
  /**
   * What the task runs, as its definition says now (runs keep no copy): the
   * shell command line, `GET https://…` for HTTP, `handler NAME`.
   */
  what: string | null;
}

/** The task's command line for the run page's header. */
export function whatTaskRuns(task: { kind: string; command: string | null; httpMethod: string | null; httpUrl: string | null; handler: string | null }): string | null {
  if (task.kind === 'http') return task.httpUrl ? `${task.httpMethod ?? 'GET'} ${task.httpUrl}` : null;
  if (task.kind === 'handler') return task.handler ? `handler ${task.handler}` : null;
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
      task: { select: { key: true, name: true, kind: true, command: true, httpMethod: true, httpUrl: true, handler: true } },
      worker: { select: { name: true } } },
  });
  if (!run) throw new AppError('NOT_FOUND', `No run with id ${options.runId}`);
  // Only a failed or timed-out run is retried; retryOfId has no index, so do not look otherwise.
  const retry =
    run.status === 'failed' || run.status === 'timed_out'
      ? await options.db.run.findFirst({ where: { retryOfId: run.id }, select: { id: true }, orderBy: { id: 'asc' } })
      : null;
  const status = run.status as RunStatus;
  return {
    id: run.id,
    taskId: run.taskId,
    taskKey: run.task.key,
    taskName: run.task.name,
    status,
    finished: status !== 'queued' && status !== 'running',
    trigger: run.trigger,
    attempt: run.attempt,
    priority: priorityName(run.priority),
    scheduledFor: run.scheduledFor,
    availableAt: run.availableAt,
    createdAt: run.createdAt,
    requestedBy: run.requestedBy,
    retryOfId: run.retryOfId,
    retryRunId: retry?.id ?? null,
    workerId: run.workerId,
    workerName: run.worker?.name ?? null,
    leaseExpiresAt: run.leaseExpiresAt,
    cancelRequestedAt: run.cancelRequestedAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
    exitCode: run.exitCode,
    signal: run.signal,
    error: run.error,
    result: run.result,
    logBytes: run.logBytes,
    logTruncated: run.logTruncated,
    what: whatTaskRuns(run.task),
  };
}
