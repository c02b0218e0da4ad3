import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { AppError, StaleVersionError } from '../errors';
import { recordEvent } from '../events/record-event';
import type { Actor } from '../auth/actor';
import { cancelRunInTransaction } from '../runs/cancel-run';
import { taskNotFound } from './find-task';

export interface DeleteTaskOptions {
  db: Db;
  key: string;
  actor: Actor;
  /** Delete even while a run is running: its cancel is requested first. */
  force?: boolean;
  expectedVersion?: number;
  now?: Date;
}

export interface DeleteTaskResult {
  key: string;
  /** Runs removed with the task (their logs go with them). */
  runs: number;
  /** Running runs whose cancel was requested (force). */
  cancelRequested: number[];
}

/**
 * Deletes a task; its runs and their logs go by cascade, its events stay (the
 * audit log outlives the task). Refuses while a run is running unless `force`,
 * which asks the run's worker to stop it in the same transaction: the worker
 * finds the run gone and its fenced completion changes nothing.
 */
export async function deleteTask(options: DeleteTaskOptions): Promise<DeleteTaskResult> {
  return writeTransaction(options.db, (tx) => deleteTaskIn(tx, options));
}

/** deleteTask inside a write transaction the caller holds (`cronboard apply --prune`). */
export async function deleteTaskIn(tx: WriteTx, options: Omit<DeleteTaskOptions, 'db'>): Promise<DeleteTaskResult> {
  const row = await tx.task.findUnique({
    where: { key: options.key },
    select: { id: true, key: true, name: true, version: true },
  });
  if (!row) throw taskNotFound(options.key);
  if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
    throw new StaleVersionError(
      `Task '${row.key}' was changed by someone else (version ${row.version}, you had ${options.expectedVersion}); reload it and try again`,
    );
  }
  const running = await tx.run.findMany({ where: { taskId: row.id, status: 'running' }, select: { id: true, status: true } });
  if (running.length > 0 && !options.force) {
    throw new AppError(
      'CONFLICT',
      `Task '${row.key}' has ${running.length} running run(s): cancel them first, or delete with force`,
    );
  }
  const cancelRequested: number[] = [];
  const now = options.now ?? new Date();
  for (const run of running) {
    const outcome = await cancelRunInTransaction(tx, { ...run, task: { id: row.id, key: row.key } }, options.actor, now);
    if (outcome === 'cancel_requested') cancelRequested.push(run.id);
  }
  const runs = await tx.run.count({ where: { taskId: row.id } });
  await tx.task.delete({ where: { id: row.id } });
  await recordEvent({
    db: tx,
    type: 'task.deleted',
    actor: options.actor,
    taskId: row.id,
    taskKey: row.key,
    payload: { name: row.name, runs, ...(options.force ? { force: true, cancelRequested } : {}) },
  });
  return { key: row.key, runs, cancelRequested };
}
