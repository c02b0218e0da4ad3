import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import type { Actor } from '../auth/actor';

export interface CancelRunOptions {
  db: Db;
  runId: number;
  actor: Actor;
  now?: Date;
}

export type CancelOutcome = 'cancelled' | 'cancel_requested' | 'already_finished';

/**
 * Cancels a run. A queued run ends `cancelled` at once; a running one gets a
 * cancel request that its worker sees on its next lease renewal (≤ 1 s) and
 * acts on by killing the process group (SIGTERM, grace, SIGKILL).
 */
export async function cancelRun(options: CancelRunOptions): Promise<CancelOutcome> {
  const now = options.now ?? new Date();
  return writeTransaction(options.db, async (tx) => {
    const run = await tx.run.findUnique({ where: { id: options.runId }, include: { task: { select: { id: true, key: true } } } });
    if (!run) throw new AppError('NOT_FOUND', `No run with id ${options.runId}`);
    return cancelRunInTransaction(tx, run, options.actor, now);
  });
}

/**
 * The rule of cancelRun inside a caller's write transaction (e.g. a board move
 * that cancels a task's queued runs): a queued run ends cancelled with a
 * run.cancelled event; a running one gets a cancel request.
 */
export async function cancelRunInTransaction(
  tx: WriteTx,
  run: { id: number; status: string; task: { id: number; key: string } },
  actor: Actor,
  now: Date,
): Promise<CancelOutcome> {
  if (run.status === 'queued') {
    const { count } = await tx.run.updateMany({
      where: { id: run.id, status: 'queued' },
      data: { status: 'cancelled', finishedAt: now, error: `cancelled by ${actor.name}` },
    });
    if (count === 1) {
      await recordEvent({
        db: tx,
        type: 'run.cancelled',
        actor,
        taskId: run.task.id,
        taskKey: run.task.key,
        runId: run.id,
        payload: { was: 'queued' },
      });
      return 'cancelled';
    }
  }
  if (run.status === 'running') {
    await tx.run.updateMany({
      where: { id: run.id, status: 'running', cancelRequestedAt: null },
      data: { cancelRequestedAt: now },
    });
    return 'cancel_requested';
  }
  return 'already_finished';
}
