import type { Config } from '../server/config';
import type { Db } from '../server/db';
import type { Logger } from '../server/lib/logger';
import type { WorkerObserver } from '../server/metrics/worker-metrics';
import type { RetentionSettings } from './retention';

/** What every part of a worker (the loop, runs in hand, housekeeping, the jobs sync) is given. */
export interface WorkerDeps {
  db: Db;
  config: Config;
  logger: Logger;
}

export type WorkerState = 'starting' | 'running' | 'draining' | 'stopped';

export interface WorkerOptions extends WorkerDeps {
  name?: string;
  concurrency?: number;
  /** PostgreSQL URL to LISTEN on for instant pick-up (omit on SQLite). */
  listenUrl?: string;
  /** Seconds a queued run waits per priority level gained (aging). */
  agingStepSeconds?: number;
  /** SIGTERM → SIGKILL grace when killing a run's process group. */
  killGraceMs?: number;
  /**
   * How long a finished run waits for others to share its finish transaction
   * (like graphile-worker's completeJobBatchDelay). 0 (default): the finishes
   * of one event-loop turn, plus all that arrive while a flush is running, go
   * together; under load that batches by itself, idle it adds nothing.
   * Default: 0 on SQLite, PG_COMPLETE_BATCH_DELAY_MS on PostgreSQL.
   */
  completeBatchDelayMs?: number;
  /** Retention's clock and batch bounds (tests, benchmarks); defaults: checked every minute, hourly, ≤ 1,000 runs / ~50 ms a batch. */
  retention?: RetentionSettings;
  /** false: no webhook sender beside the loop (a test or benchmark that starts its own). */
  webhooks?: boolean;
  /** false: no alert evaluator beside the loop; or its clock (tests). */
  alerts?: false | { eventsMs?: number; checkMs?: number; graceMs?: number };
  /** Told of passes, claims, finishes and reaps (the metrics: worker/metrics-server.ts). */
  observer?: WorkerObserver;
}
