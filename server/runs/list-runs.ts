import type { Db } from '../db';

export interface RunListItem {
  id: number;
  taskKey: string;
  taskName: string;
  status: string;
  trigger: string;
  attempt: number;
  scheduledFor: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
}

export interface ListRunsOptions {
  db: Db;
  limit?: number;
}

/** The newest runs first. */
export async function listRuns(options: ListRunsOptions): Promise<RunListItem[]> {
  const rows = await options.db.run.findMany({
    orderBy: { id: 'desc' },
    take: Math.min(options.limit ?? 100, 500),
    include: { task: { select: { key: true, name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    taskKey: r.task.key,
    taskName: r.task.name,
    status: r.status,
    trigger: r.trigger,
    attempt: r.attempt,
    scheduledFor: r.scheduledFor,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    durationMs: r.durationMs,
    error: r.error,
  }));
}
