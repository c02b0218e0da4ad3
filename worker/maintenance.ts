import type { Actor } from '../server/auth/actor';
import { optimizeDatabase } from '../server/db/optimize';
import type { WorkerObserver } from '../server/metrics/worker-metrics';
import { ageQueuedRuns } from '../server/queue/age-queued-runs';
import { reapExpiredLeases } from '../server/queue/reap-expired-leases';
import type { WorkerDeps } from './worker-deps';

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
 * lost workers (every lease/2), age the queue and refresh SQLite's planner
 * statistics. The loop calls run() once per pass while it is running; a job
 * that is not due costs nothing. Everything here is short: long work (retention)
 * runs beside the loop instead (worker/side-tasks.ts), never in a pass.
 */
export class Maintenance {
  private lastReap = 0;
  private lastAging = 0;
  private lastOptimize = 0;

  constructor(private readonly options: MaintenanceOptions) {}

  async run(now: number, actor: Actor): Promise<void> {
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
    if (now - this.lastOptimize >= OPTIMIZE_EVERY_MS) {
      this.lastOptimize = now;
      await optimizeDatabase(db).catch((err: unknown) => logger.warn({ err }, 'PRAGMA optimize failed; will try again later'));
    }
  }
}
