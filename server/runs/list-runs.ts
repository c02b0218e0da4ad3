import type { Db } from '../db';
import type { RunStatus } from '../tasks/constants';
import { runWhere } from './run-where';
import type { RunFilters } from './schemas';

export interface RunListItem {
  id: number;
  taskKey: string;
  taskName: string;
  status: RunStatus;
  finished: boolean;
  trigger: string;
  attempt: number;
  scheduledFor: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  workerName: string | null;
  cancelRequested: boolean;
}

export interface RunPage {
  items: RunListItem[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: number | null;
}

export interface ListRunsOptions {
  db: Db;
  filters?: RunFilters;
  /** The last id of the previous page. */
  cursor?: number | null;
  /** Default 50. */
  limit?: number;
}

/**
 * Runs newest first (by id, which is insertion order), filtered, one page at a
 * time. Keyset pagination on the primary key (`id < cursor`), never OFFSET, so
 * page 2,000 costs what page 1 does.
 */
export async function listRuns(options: ListRunsOptions): Promise<RunPage> {
  const limit = Math.min(options.limit ?? 50, 500);
  const where = runWhere(options.filters ?? {}, { withStatus: true });
  const rows = await options.db.run.findMany({
    where: options.cursor ? { AND: [where, { id: { lt: options.cursor } }] } : where,
    orderBy: { id: 'desc' },
    take: limit + 1,
    include: { task: { select: { key: true, name: true } }, worker: { select: { name: true } } },
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => {
      const status = r.status as RunStatus;
      return {
        id: r.id,
        taskKey: r.task.key,
        taskName: r.task.name,
        status,
        finished: status !== 'queued' && status !== 'running',
        trigger: r.trigger,
        attempt: r.attempt,
        scheduledFor: r.scheduledFor,
        createdAt: r.createdAt,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        durationMs: r.durationMs,
        exitCode: r.exitCode,
        signal: r.signal,
        error: r.error,
        workerName: r.worker?.name ?? null,
        cancelRequested: r.cancelRequestedAt !== null,
      };
    }),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
