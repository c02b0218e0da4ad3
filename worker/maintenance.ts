import type { Actor } from '../server/auth/actor';
import { optimizeDatabase } from '../server/db/optimize';
import type { WorkerObserver } from '../server/metrics/worker-metrics';
import { ageQueuedRuns } from '../server/queue/age-queued-runs';
import { claimMaintenance } from '../server/queue/claim-maintenance';
import { reapExpiredLeases } from '../server/queue/reap-expired-leases';
import { pruneHistory } from '../server/runs/prune-history';
import type { WorkerDeps } from './worker-deps';

/** How often a worker asks whether retention is due (the job itself runs hourly, on one worker). */
const RETENTION_CHECK_MS = 60_000;
const RETENTION_EVERY_MS = 3_600_000;
/** SQLite planner statistics (PRAGMA optimize), refreshed this often as the tables grow. */
const OPTIMIZE_EVERY_MS = 600_000;
/** Queued runs gain priority with age; recomputed this often. */
const AGING_EVERY_MS = 10_000;

export interface MaintenanceOptions extends WorkerDeps {
  /** Seconds a queued run waits per priority level gained (aging). */
  agingStepSeconds?: number;
  observer?: WorkerObserver;
}

/**
 * The worker's periodic housekeeping, each job on its own clock: reap runs of
 * lost workers (every lease/2), age the queue, prune old history (one worker
 * at a time, hourly) and refresh SQLite's planner statistics. The loop calls
 * run() once per pass while it is running; a job that is not due costs nothing.
 */
export class Maintenance {
  private lastReap = 0;
  private lastAging = 0;
  private lastRetentionCheck = Date.now();
  private lastOptimize = 0;

  constructor(private readonly options: MaintenanceOptions) {}

  async run(now: number, workerId: string, actor: Actor): Promise<void> {
    const { db, config, logger } = this.options;
    const leaseMs = config.leaseSeconds * 1000;
    if (now - this.lastReap >= Math.max(1000, leaseMs / 2)) {
      this.lastReap = now;
      const reaped = await reapExpiredLeases({ db, actor, leaseSeconds: config.leaseSeconds });
      this.options.observer?.reaped?.(reaped.runsFailed.length);
      if (reaped.runsFailed.length || reaped.workersLost.length) logger.warn(reaped, 'reaped runs of lost workers');
    }
    if (now - this.lastAging >= AGING_EVERY_MS) {
      this.lastAging = now;
      await ageQueuedRuns({ db, stepSeconds: this.options.agingStepSeconds ?? 300 });
    }
    if (now - this.lastRetentionCheck >= RETENTION_CHECK_MS) {
      this.lastRetentionCheck = now;
      await this.retention(workerId);
    }
    if (now - this.lastOptimize >= OPTIMIZE_EVERY_MS) {
      this.lastOptimize = now;
      await optimizeDatabase(db).catch((err: unknown) => logger.warn({ err }, 'PRAGMA optimize failed; will try again later'));
    }
  }

  /** Retention: one worker at a time (hourly), bounded batches, errors logged and retried next time. */
  private async retention(workerId: string): Promise<void> {
    const { db, config, logger } = this.options;
    const mine = await claimMaintenance({ db, job: 'maintenance.retention', everyMs: RETENTION_EVERY_MS, workerId });
    if (!mine) return;
    try {
      const pruned = await pruneHistory({ db, retentionDays: config.historyRetentionDays });
      if (pruned.runs > 0) logger.info({ runs: pruned.runs, logs: pruned.logs, olderThan: pruned.cutoff }, 'pruned old runs');
    } catch (err) {
      logger.warn({ err }, 'retention failed; will try again later');
    }
  }
}
