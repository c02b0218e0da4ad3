import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { recordEvent } from '../events/record-event';

export interface StopWorkerOptions {
  db: Db;
  workerId: string;
  name: string;
  reason?: string;
  now?: Date;
}

/** Marks the worker stopped (clean shutdown) with a worker.stopped event. */
export async function stopWorker(options: StopWorkerOptions): Promise<void> {
  const now = options.now ?? new Date();
  await writeTransaction(options.db, async (tx) => {
    await tx.worker.updateMany({
      where: { id: options.workerId },
      data: { state: 'stopped', stoppedAt: now, lastHeartbeatAt: now, runsInHand: 0 },
    });
    await recordEvent({
      db: tx,
      type: 'worker.stopped',
      actor: { type: 'worker', id: options.workerId, name: options.name },
      payload: { reason: options.reason ?? 'shutdown' },
    });
  });
}
