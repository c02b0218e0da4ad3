import type { Db } from '../db';
import { isFinishedRunStatus, type RunStatus } from '../tasks/constants';

/** What the run views read besides the run itself: its task's key and name and its worker's name. */
export const runRowInclude = { task: { select: { key: true, name: true } }, worker: { select: { name: true } } } as const;

type RunRecord = Awaited<ReturnType<Db['run']['findFirstOrThrow']>>;
type RunRow = RunRecord & { worker: { name: string } | null };
type RunRowWithTask = RunRow & { task: { key: string; name: string } };

/** One run as a task's history shows it (CLI `history`, the task page's pager). */
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

/** One run in a list across tasks (the runs page): its history fields plus which task. */
export interface RunListItem extends RunHistoryItem {
  taskKey: string;
  taskName: string;
  /** A terminal status: the run will not change any more. */
  finished: boolean;
  cancelRequested: boolean;
}

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

export function toRunListItem(r: RunRowWithTask): RunListItem {
  const item = toRunHistoryItem(r);
  return {
    ...item,
    taskKey: r.task.key,
    taskName: r.task.name,
    finished: isFinishedRunStatus(item.status),
    cancelRequested: r.cancelRequestedAt !== null,
  };
}
