import type { Db } from '../db/client';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { recordEvent } from '../events/record-event';
import { finishRun } from './finish-run';

export interface ReapOptions {
  db: Db;
  /** The reaping worker (actor of the events). */
  actor: Actor;
  leaseSeconds: number;
  now?: Date;
  limit?: number;
}

export interface ReapResult {
  runsFailed: number[];
  workersLost: string[];
}

/**
 * Runs whose lease expired (their worker died: kill -9, power loss) become
 * failed "worker lost" and are retried per policy; silent workers are marked
 * lost. Any worker may reap: each run is finished through its own claim token,
 * so two reapers (or a late original worker) cannot both finish it.
 */
export async function reapExpiredLeases(options: ReapOptions): Promise<ReapResult> {
  const now = options.now ?? new Date();
  const expired = await options.db.run.findMany({
    where: { status: 'running', leaseExpiresAt: { lt: now } },
    select: { id: true, claimToken: true, workerId: true },
    orderBy: { leaseExpiresAt: 'asc' },
    take: options.limit ?? 100,
  });
  const runsFailed: number[] = [];
  for (const run of expired) {
    if (!run.claimToken) continue;
    const { accepted } = await finishRun({
      db: options.db,
      runId: run.id,
      claimToken: run.claimToken,
      outcome: { status: 'failed', error: `worker lost: its lease expired (worker ${run.workerId ?? 'unknown'})` },
      actor: options.actor,
      now,
    });
    if (accepted) runsFailed.push(run.id);
  }

  const silentSince = new Date(now.getTime() - options.leaseSeconds * 1000);
  const silent = await options.db.worker.findMany({
    where: { state: { in: ['active', 'draining'] }, lastHeartbeatAt: { lt: silentSince } },
    select: { id: true, name: true },
  });
  const workersLost: string[] = [];
  for (const worker of silent) {
    const { count } = await options.db.worker.updateMany({
      where: { id: worker.id, state: { in: ['active', 'draining'] }, lastHeartbeatAt: { lt: silentSince } },
      data: { state: 'lost', runsInHand: 0 },
    });
    if (count === 1) {
      workersLost.push(worker.id);
      await recordEvent({ db: options.db, type: 'worker.lost', actor: options.actor ?? SYSTEM_ACTOR, payload: { workerId: worker.id, name: worker.name } });
    }
  }
  return { runsFailed, workersLost };
}
