import type { Db } from '../db';

export interface HeartbeatOptions {
  db: Db;
  workerId: string;
  runsInHand: number;
  state?: 'active' | 'draining';
  now?: Date;
}

/** Refreshes the worker's heartbeat. Returns false if the row is gone (someone pruned it). */
export async function heartbeatWorker(options: HeartbeatOptions): Promise<boolean> {
  const { count } = await options.db.worker.updateMany({
    where: { id: options.workerId },
    data: {
      lastHeartbeatAt: options.now ?? new Date(),
      runsInHand: options.runsInHand,
      ...(options.state ? { state: options.state } : {}),
    },
  });
  return count === 1;
}
