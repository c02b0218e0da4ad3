import type { Db } from '../db';
import { AppError } from '../errors';
import type { RunStatus } from './constants';

export interface TaskStats {
  /** Runs that reached an outcome: succeeded, failed or timed out (cancelled and skipped runs do not count). */
  outcomes: number;
  succeeded: number;
  /** succeeded / outcomes, 0..1; null before the first outcome. */
  successRate: number | null;
  /** Over runs with a recorded duration. */
  timedRuns: number;
  meanDurationMs: number | null;
  /** Nearest-rank 95th percentile. */
  p95DurationMs: number | null;
  lastFailure: { runId: number; taskKey: string; status: RunStatus; at: Date; error: string | null; exitCode: number | null } | null;
  /** The most recent runs with a duration, oldest first (the duration chart). */
  recent: { id: number; status: RunStatus; durationMs: number; startedAt: Date | null }[];
}

export interface GetTaskStatsOptions {
  db: Db;
  /** The task; omitted: every run of every task (the installation's figures). */
  taskKey?: string;
  /** How many recent durations to return (default 30). */
  recent?: number;
}

const FAILED = ['failed', 'timed_out'];

/**
 * Success rate, mean and p95 duration, last failure and recent durations of a
 * task's runs (or of all runs, without a task), each computed by the database (counts, an average, one row at
 * the p95 rank) rather than by loading every run.
 */
export async function getTaskStats(options: GetTaskStatsOptions): Promise<TaskStats> {
  const { db } = options;
  let scope: { taskId?: number } = {};
  if (options.taskKey !== undefined) {
    const task = await db.task.findUnique({ where: { key: options.taskKey }, select: { id: true } });
    if (!task) throw new AppError('NOT_FOUND', `No task with key '${options.taskKey}'`);
    scope = { taskId: task.id };
  }
  const timed = { ...scope, durationMs: { not: null } };

  // One grouped read gives the outcome counts and the durations' count and sum (index (taskId, status, durationMs) alone).
  const [byStatus, lastFailure, newest] = await Promise.all([
    db.run.groupBy({ by: ['status'], where: scope, _count: { _all: true, durationMs: true }, _sum: { durationMs: true } }),
    db.run.findFirst({
      where: { ...scope, status: { in: FAILED } },
      orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
      select: { id: true, status: true, finishedAt: true, createdAt: true, error: true, exitCode: true, task: { select: { key: true } } },
    }),
    // The newest by id (index (taskId, id), a few rows read) rather than by start (every run of the task read and sorted).
    db.run.findMany({
      where: timed,
      orderBy: { id: 'desc' },
      take: options.recent ?? 30,
      select: { id: true, status: true, durationMs: true, startedAt: true },
    }),
  ]);

  const count = (status: string) => byStatus.find((g) => g.status === status)?._count._all ?? 0;
  const succeeded = count('succeeded');
  const outcomes = succeeded + FAILED.reduce((sum, s) => sum + count(s), 0);
  const timedRuns = byStatus.reduce((sum, g) => sum + g._count.durationMs, 0);
  const totalMs = byStatus.reduce((sum, g) => sum + Number(g._sum.durationMs ?? 0), 0);
  // Oldest first by start (the chart's axis), ties by id.
  const recent = newest.sort((a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0) || a.id - b.id);
  let p95DurationMs: number | null = null;
  if (timedRuns > 0) {
    const rank = Math.ceil(0.95 * timedRuns);
    const row = await db.run.findFirst({
      where: timed,
      // By duration alone (ties hold the same value), so the index (taskId, status, durationMs) answers it without the table.
      orderBy: { durationMs: 'asc' },
      skip: rank - 1,
      select: { durationMs: true },
    });
    p95DurationMs = row?.durationMs ?? null;
  }

  return {
    outcomes,
    succeeded,
    successRate: outcomes === 0 ? null : succeeded / outcomes,
    timedRuns,
    meanDurationMs: timedRuns === 0 ? null : Math.round(totalMs / timedRuns),
    p95DurationMs,
    lastFailure: lastFailure
      ? {
          runId: lastFailure.id,
          taskKey: lastFailure.task.key,
          status: lastFailure.status as RunStatus,
          at: lastFailure.finishedAt ?? lastFailure.createdAt,
          error: lastFailure.error,
          exitCode: lastFailure.exitCode,
        }
      : null,
    recent: recent.map((r) => ({ id: r.id, status: r.status as RunStatus, durationMs: r.durationMs ?? 0, startedAt: r.startedAt })),
  };
}
