import type { Db } from '../db';

export interface WorkerView {
  id: string;
  name: string;
  host: string;
  pid: number;
  version: string;
  concurrency: number;
  state: string;
  startedAt: Date;
  lastHeartbeatAt: Date;
  stoppedAt: Date | null;
  runsInHand: number;
  /** Active or draining, but silent for longer than the lease: presumed dead. */
  lost: boolean;
}

export interface ListWorkersOptions {
  db: Db;
  leaseSeconds: number;
  now?: Date;
  /** Also list workers stopped longer ago than this many hours (default 24). */
  stoppedWithinHours?: number;
}

export async function listWorkers(options: ListWorkersOptions): Promise<WorkerView[]> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - (options.stoppedWithinHours ?? 24) * 3600_000);
  const rows = await options.db.worker.findMany({
    where: { OR: [{ state: { in: ['active', 'draining'] } }, { lastHeartbeatAt: { gte: since } }] },
    orderBy: [{ state: 'asc' }, { startedAt: 'desc' }],
  });
  return rows.map((w) => ({
    ...w,
    lost:
      w.state === 'lost' ||
      ((w.state === 'active' || w.state === 'draining') &&
        now.getTime() - w.lastHeartbeatAt.getTime() > options.leaseSeconds * 1000),
  }));
}
