import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { StartedRun } from '../queue/claim-and-start-runs';
import { TASK_KINDS } from '../tasks/constants';

const RUN_ENDS = ['succeeded', 'failed', 'timed_out', 'cancelled'] as const;

/** What a worker tells its observer (worker/worker.ts calls these; all optional). */
export interface WorkerObserver {
  /** One loop pass ended (ok: the database answered every statement of it). */
  passed?(info: { seconds: number; ok: boolean }): void;
  /** Runs were claimed and are being launched. */
  claimed?(runs: StartedRun[]): void;
  /** A run's result was recorded (accepted: its claim token still matched). */
  finished?(info: { run: StartedRun; status: string; accepted: boolean; retried: boolean; at: Date }): void;
  /** Runs of lost workers failed by this worker's reaper. */
  reaped?(runs: number): void;
  /** The webhook sender beside the loop recorded a delivery attempt (finishDelivery's outcome). */
  deliveryAttempted?(outcome: DeliveryOutcome): void;
}

/** What an attempt led to: sent, given up (4xx or out of retries), to be retried, or its claim was lost meanwhile. */
export const DELIVERY_OUTCOMES = ['succeeded', 'failed', 'retry', 'lost-claim'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

// Claim latency: from milliseconds (an idle worker woken by NOTIFY) to minutes (a backlog).
const CLAIM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400];
const PASS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface WorkerMetricsOptions {
  registry: Registry;
  /** METRICS_TASK_LABEL: add a `task` label (the task key) to finished runs and durations. Off by default: one series per task. */
  taskLabel?: boolean;
  /** Runs in hand and slots, read at scrape. */
  slots: () => { busy: number; concurrency: number };
}

/**
 * The worker's own series, fed by the loop through WorkerObserver. Labels stay
 * few: `kind` (shell, http, handler), `status` (the run's end), and only
 * with `taskLabel` the task key. Also the time of the last good pass, which
 * the worker's /healthz reads.
 */
export class WorkerMetrics implements WorkerObserver {
  lastGoodPassAt = 0;
  private readonly claimLatency: Histogram<'kind'>;
  private readonly duration: Histogram<string>;
  private readonly finishedRuns: Counter<string>;
  private readonly retries: Counter<'kind'>;
  private readonly reapedRuns: Counter;
  private readonly passDuration: Histogram;
  private readonly passErrors: Counter;
  private readonly deliveryAttempts: Counter<'outcome'>;

  constructor(private readonly options: WorkerMetricsOptions) {
    const registers = [options.registry];
    const perTask = options.taskLabel ? ['task'] : [];
    this.claimLatency = new Histogram({
      name: 'cronboard_run_claim_latency_seconds',
      help: 'From when a run became claimable (availableAt) to when a worker claimed and started it.',
      labelNames: ['kind'],
      buckets: CLAIM_BUCKETS,
      registers,
    });
    this.duration = new Histogram({
      name: 'cronboard_run_duration_seconds',
      help: 'How long runs ran, from start to their recorded end, by task kind.',
      labelNames: ['kind', ...perTask],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.finishedRuns = new Counter({
      name: 'cronboard_runs_finished_total',
      help: 'Runs this worker finished, by task kind and status (succeeded, failed, timed_out, cancelled).',
      labelNames: ['kind', 'status', ...perTask],
      registers,
    });
    this.retries = new Counter({
      name: 'cronboard_run_retries_total',
      help: 'Retry runs queued by the retry policy after a failure or timeout.',
      labelNames: ['kind'],
      registers,
    });
    this.reapedRuns = new Counter({
      name: 'cronboard_leases_reaped_total',
      help: 'Runs of lost workers (lease expired) that this worker failed as "worker lost".',
      registers,
    });
    this.passDuration = new Histogram({
      name: 'cronboard_worker_pass_duration_seconds',
      help: 'Duration of one worker loop pass (heartbeat, housekeeping, claim, schedule tick).',
      buckets: PASS_BUCKETS,
      registers,
    });
    this.passErrors = new Counter({
      name: 'cronboard_worker_pass_errors_total',
      help: 'Loop passes that failed (the database did not answer); the worker backs off and carries on.',
      registers,
    });
    this.deliveryAttempts = new Counter({
      name: 'cronboard_webhook_delivery_attempts_total',
      help: "Webhook and alert-channel delivery attempts by this worker's sender, by outcome (succeeded, failed, retry, lost-claim).",
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of DELIVERY_OUTCOMES) this.deliveryAttempts.inc({ outcome }, 0);
    // Known series start at 0, so rate() sees the first increase.
    for (const kind of TASK_KINDS) {
      this.claimLatency.zero({ kind });
      this.retries.inc({ kind }, 0);
      if (!options.taskLabel) {
        this.duration.zero({ kind });
        for (const status of RUN_ENDS) this.finishedRuns.inc({ kind, status }, 0);
      }
    }
    const slots = options.slots;
    new Gauge({
      name: 'cronboard_worker_runs_in_hand',
      help: 'Runs this worker is executing now.',
      registers,
      collect() {
        this.set(slots().busy);
      },
    });
    new Gauge({
      name: 'cronboard_worker_concurrency',
      help: 'Runs this worker executes at once at most (WORKER_CONCURRENCY).',
      registers,
      collect() {
        this.set(slots().concurrency);
      },
    });
  }

  passed({ seconds, ok }: { seconds: number; ok: boolean }): void {
    this.passDuration.observe(seconds);
    if (ok) this.lastGoodPassAt = Date.now();
    else this.passErrors.inc();
  }

  claimed(runs: StartedRun[]): void {
    for (const run of runs) {
      this.claimLatency.observe({ kind: run.task.kind }, Math.max(0, run.startedAt.getTime() - run.availableAt.getTime()) / 1000);
    }
  }

  finished({ run, status, accepted, retried, at }: { run: StartedRun; status: string; accepted: boolean; retried: boolean; at: Date }): void {
    if (!accepted) return;
    const kind = run.task.kind;
    const task = this.options.taskLabel ? { task: run.task.key } : {};
    this.finishedRuns.inc({ kind, status, ...task });
    this.duration.observe({ kind, ...task }, Math.max(0, at.getTime() - run.startedAt.getTime()) / 1000);
    if (retried) this.retries.inc({ kind });
  }

  reaped(runs: number): void {
    if (runs > 0) this.reapedRuns.inc(runs);
  }

  deliveryAttempted(outcome: DeliveryOutcome): void {
    this.deliveryAttempts.inc({ outcome });
  }
}
