import type { Db } from '../db/client';
import { writeTransaction } from '../db/write-transaction';
import type { Actor } from '../auth/actor';
import { recordEvent } from '../events/record-event';
import { notifyRunQueued } from './notify';

export interface RequeueRunOptions {
  db: Db;
  runId: number;
  claimToken: string;
  actor: Actor;
  reason: string;
  now?: Date;
}

/**
 * Puts a claimed run back in the queue (a draining worker ran out of grace):
 * same attempt, available at once, guarded by the claim token. Its partial
 * output stays; the next attempt's output follows it.
 */
export async function requeueRun(options: RequeueRunOptions): Promise<boolean> {
  const now = options.now ?? new Date();
  const done = await writeTransaction(options.db, async (tx) => {
    const { count } = await tx.run.updateMany({
      where: { id: options.runId, claimToken: options.claimToken, status: 'running' },
      data: { status: 'queued', workerId: null, claimToken: null, claimedAt: null, startedAt: null, leaseExpiresAt: null, availableAt: now, cancelRequestedAt: null },
    });
    if (count !== 1) return false;
    const run = await tx.run.findUniqueOrThrow({ where: { id: options.runId }, select: { taskId: true, task: { select: { key: true } } } });
    await recordEvent({ db: tx, type: 'run.queued', actor: options.actor, taskId: run.taskId, taskKey: run.task.key, runId: options.runId, payload: { requeued: true, reason: options.reason } });
    return true;
  });
  if (done) await notifyRunQueued(options.db);
  return done;
}
