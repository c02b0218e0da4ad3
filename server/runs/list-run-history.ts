import type { Db } from '../db';
import { AppError } from '../errors';
import type { RunStatus } from '../tasks/constants';

export interface RunHistoryItem {
  id: number;
  status: RunStatus;
  attempt: number;
  trigger: string;
  workerId: string | null;
  workerName: string | null;
  scheduledFor: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
}

export interface ListRunHistoryOptions {
  db: Db;
  taskKey: string;
  /** 1..500, default 20. */
  limit?: number;
}

export const MAX_HISTORY_LIMIT = 500;

/** What the history queries read of each run (with its worker's name). */
export const runHistoryInclude = { worker: { select: { name: true } } } as const;

type RunRow = Awaited<ReturnType<Db['run']['findFirstOrThrow']>> & { worker: { name: string } | null };

/** One run as the history shows it (CLI `history`, the task page's pager). */
export function toRunHistoryItem(r: RunRow): RunHistoryItem {
  return {
    id: r.id,
    status: r.status as RunStatus,
    attempt: r.attempt,
    trigger: r.trigger,
    workerId: r.workerId,
    workerName: r.worker?.name ?? null,
    scheduledFor: r.scheduledFor,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    durationMs: r.durationMs,
    exitCode: r.exitCode,
    signal: r.signal,
    error: r.error,
  };
}

/** A task's runs, newest first. */
export async function listRunHistory(options: ListRunHistoryOptions): Promise<RunHistoryItem[]> {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_LIMIT) {
    throw new AppError('BAD_REQUEST', `limit must be a whole number from 1 to ${MAX_HISTORY_LIMIT}, got ${limit}`);
  }
  const task = await options.db.task.findUnique({ where: { key: options.taskKey }, select: { id: true } });
  if (!task) throw new AppError('NOT_FOUND', `No task with key '${options.taskKey}'`);
  const runs = await options.db.run.findMany({
    where: { taskId: task.id },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    include: runHistoryInclude,
  });
  return runs.map(toRunHistoryItem);
}
