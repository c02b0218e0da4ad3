import type { Db } from '../db';
import { AppError } from '../errors';
import { isFinishedRunStatus, type RunStatus } from '../tasks/constants';

export interface RunLogChunk {
  seq: number;
  stream: 'stdout' | 'stderr' | 'system';
  data: string;
  createdAt: Date;
}

export interface RunLogs {
  runId: number;
  status: RunStatus;
  chunks: RunLogChunk[];
  /** Pass as `afterSeq` to get what comes next (unchanged when there was nothing new). */
  lastSeq: number | null;
  /** The run is finished and no chunk follows these: a follower can stop. */
  complete: boolean;
  logTruncated: boolean;
}

export interface GetRunLogsOptions {
  db: Db;
  runId: number;
  /** Only chunks with a greater seq (for following a live run). */
  afterSeq?: number | null;
  /** At most this many chunks (default 1000). */
  limit?: number;
}

/** A run's output chunks in order, optionally only those after a seq. */
export async function getRunLogs(options: GetRunLogsOptions): Promise<RunLogs> {
  const limit = options.limit ?? 1000;
  // The status is read before the chunks: the worker writes a run's last chunks
  // before its terminal update, so a finished status means these are all of them.
  const run = await options.db.run.findUnique({
    where: { id: options.runId },
    select: { id: true, status: true, logTruncated: true },
  });
  if (!run) throw new AppError('NOT_FOUND', `No run with id ${options.runId}`);
  const afterSeq = options.afterSeq ?? null;
  const rows = await options.db.runLog.findMany({
    where: { runId: run.id, ...(afterSeq === null ? {} : { seq: { gt: afterSeq } }) },
    orderBy: { seq: 'asc' },
    take: limit,
    select: { seq: true, stream: true, data: true, createdAt: true },
  });
  const status = run.status as RunStatus;
  const finished = isFinishedRunStatus(status);
  return {
    runId: run.id,
    status,
    chunks: rows.map((r) => ({ ...r, stream: r.stream as RunLogChunk['stream'] })),
    lastSeq: rows.at(-1)?.seq ?? afterSeq,
    complete: finished && rows.length < limit,
    logTruncated: run.logTruncated,
  };
}
