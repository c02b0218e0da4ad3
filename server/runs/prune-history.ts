import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Db } from '../db';
import { providerOf } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';
import { AdaptiveBatch, betweenBatches } from './adaptive-batch';

export interface PruneHistoryOptions {
  db: Db;
  /** Runs created longer ago than this many days go (HISTORY_RETENTION_DAYS). */
  retentionDays: number;
  /** The newest runs of each task always stay, however old (default 20). */
  keepPerTask?: number;
  /**
   * Most runs deleted per transaction (default 1,000), so a big prune never
   * holds a long write lock. The size starts at min(50, batchSize) and adapts
   * to `maxBatchMs` between min(10, batchSize) and this.
   */
  batchSize?: number;
  /** Aim for batches no longer than this (default 50 ms): a slower batch halves the next one, a fast one doubles it. */
  maxBatchMs?: number;
  /**
   * Awaited between batches (the worker's retention: a pause as long as the
   * batch took, so the loop's claims and lease renewals get the database
   * and, on SQLite, the event loop at least half the time). Default: that
   * pause on SQLite (so the CLI's prune lets claims take the write lock), none
   * on PostgreSQL.
   */
  between?: (lastBatchMs: number) => Promise<void>;
  /** Stops the prune between batches (a worker shutting down). What was deleted stays deleted. */
  signal?: AbortSignal;
  /** Only count what would go. */
  dryRun?: boolean;
  now?: Date;
}

export interface PruneResult {
  /** Runs deleted (or, on a dry run, that would be). */
  runs: number;
  /** Their log chunks. */
  logs: number;
  /** Transactions used (0 on a dry run). */
  batches: number;
  cutoff: Date;
}

export const DEFAULT_KEEP_PER_TASK = 20;
export const DEFAULT_PRUNE_BATCH = 1000;
export const DEFAULT_PRUNE_BATCH_MS = 50;
const UNFINISHED = ['queued', 'running'];

/**
 * Deletes old runs and their logs: created before now − retentionDays, finished
 * (queued and running runs are never touched), and not among the newest
 * `keepPerTask` runs of their task. Works task by task in batches of at most
 * `batchSize` runs and about `maxBatchMs`, each batch one short transaction,
 * with `between` awaited after each. Plain Prisma queries: the same on
 * both providers.
 */
export async function pruneHistory(options: PruneHistoryOptions): Promise<PruneResult> {
  const { db } = options;
  const keep = options.keepPerTask ?? DEFAULT_KEEP_PER_TASK;
  const batchSize = options.batchSize ?? DEFAULT_PRUNE_BATCH;
  if (!(options.retentionDays > 0))
    throw new AppError('BAD_REQUEST', `retentionDays must be positive, got ${options.retentionDays}`);
  if (!Number.isInteger(keep) || keep < 0)
    throw new AppError('BAD_REQUEST', `keepPerTask must be a whole number ≥ 0, got ${keep}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new AppError('BAD_REQUEST', `batchSize must be a whole number ≥ 1, got ${batchSize}`);

  const batch = new AdaptiveBatch(batchSize, options.maxBatchMs ?? DEFAULT_PRUNE_BATCH_MS);
  const stopped = () => options.signal?.aborted === true;

  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000);
  const old: Prisma.RunWhereInput = { createdAt: { lt: cutoff }, status: { notIn: UNFINISHED } };
  const result: PruneResult = { runs: 0, logs: 0, batches: 0, cutoff };

  // Task by task from the (small) task table: a groupBy over the runs read
  // every old run in one statement, 18 s at 1M runs on a loaded SQLite,
  // blocking the worker's event loop. Each task's queries use (taskId, createdAt).
  const tasks = await db.task.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  for (const { id: taskId } of tasks) {
    if (stopped()) break;
    const where: Prisma.RunWhereInput = { AND: [{ taskId }, old] };
    if (keep > 0) {
      // The keep-th newest run of the task: it and everything newer stay.
      const [boundary] = await db.run.findMany({
        where: { taskId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: keep - 1,
        take: 1,
        select: { id: true, createdAt: true },
      });
      if (!boundary) continue;
      (where.AND as Prisma.RunWhereInput[]).push({
        OR: [{ createdAt: { lt: boundary.createdAt } }, { createdAt: boundary.createdAt, id: { lt: boundary.id } }],
      });
    }
    if (options.dryRun) {
      result.runs += await db.run.count({ where });
      result.logs += await db.runLog.count({ where: { run: where } });
      continue;
    }
    await batch.loop(async (take) => {
      const ids = (await db.run.findMany({ where, orderBy: { id: 'asc' }, take, select: { id: true } })).map((r) => r.id);
      if (ids.length === 0) return 0;
      // Logs first, to count them (the cascade would delete them silently); the
      // status guard again in case a run was requeued since the read.
      const [logs, runs] = await writeTransaction(db, async (tx) => [
        await tx.runLog.deleteMany({ where: { runId: { in: ids }, run: { status: { notIn: UNFINISHED } } } }),
        await tx.run.deleteMany({ where: { id: { in: ids }, status: { notIn: UNFINISHED } } }),
      ]);
      result.logs += logs.count;
      result.runs += runs.count;
      result.batches += 1;
      return ids.length;
    }, { signal: options.signal, between: betweenBatches(providerOf(db), options.between) });
  }
  return result;
}
