import { claimMaintenance } from '../server/queue/claim-maintenance';
import { pruneEvents } from '../server/runs/prune-events';
import { pruneHistory, type PruneResult } from '../server/runs/prune-history';
import { pauseAsLongAs } from '../server/runs/adaptive-batch';
import type { WorkerDeps } from './worker-deps';

/** How often a worker asks whether retention is due (the job itself runs hourly, on one worker). */
const RETENTION_CHECK_MS = 60_000;
const RETENTION_EVERY_MS = 3_600_000;

export interface RetentionSettings {
  /** How often to ask whether retention is due (default a minute; the first ask is one interval after start). */
  checkMs?: number;
  /** At most once per this long across the fleet (default an hour). */
  everyMs?: number;
  /** Most runs per batch (pruneHistory's batchSize). */
  batchSize?: number;
  /** Aim per batch (pruneHistory's maxBatchMs). */
  maxBatchMs?: number;
  /** Told when this worker begins a prune and when it ends (benchmarks). */
  onPruneStart?(): void;
  onPruneEnd?(result: PruneResult, seconds: number): void;
}

export interface RetentionOptions extends WorkerDeps, RetentionSettings {
  workerId: string;
}

/**
 * Hourly retention (HISTORY_RETENTION_DAYS for runs, EVENT_RETENTION_DAYS for events), beside the loop (a side task,
 * worker/side-tasks.ts): its own timer, one worker at a time across the fleet
 * (the maintenance marker), bounded batches with a pause as long as each
 * batch between them, so the loop's claims and lease renewals go on during a
 * prune of any size. Errors are logged and retried at the next check; stop()
 * ends a prune between batches.
 */
export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly options: RetentionOptions) {}

  start(): void {
    this.schedule();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    if (this.abort.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.check().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.options.checkMs ?? RETENTION_CHECK_MS);
    // Retention never keeps a process alive by itself.
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const { db, config, logger, workerId } = this.options;
    try {
      const mine = await claimMaintenance({ db, job: 'maintenance.retention', everyMs: this.options.everyMs ?? RETENTION_EVERY_MS, workerId });
      if (!mine) return;
      const started = performance.now();
      this.options.onPruneStart?.();
      const batches = {
        batchSize: this.options.batchSize,
        maxBatchMs: this.options.maxBatchMs,
        signal: this.abort.signal,
        // On both providers: the loop shares this process's event loop with the prune.
        between: pauseAsLongAs,
      };
      const pruned = await pruneHistory({ db, retentionDays: config.historyRetentionDays, ...batches });
      this.options.onPruneEnd?.(pruned, (performance.now() - started) / 1000);
      if (pruned.runs > 0)
        logger.info(
          { runs: pruned.runs, logs: pruned.logs, batches: pruned.batches, seconds: (performance.now() - started) / 1000, olderThan: pruned.cutoff },
          'pruned old runs',
        );
      const events = await pruneEvents({ db, retentionDays: config.eventRetentionDays, ...batches });
      if (events.events > 0) logger.info({ events: events.events, deliveries: events.deliveries, batches: events.batches, olderThan: events.cutoff }, 'pruned old events');
    } catch (err) {
      logger.warn({ err }, 'retention failed; will try again later');
    }
  }
}
