import type { Actor } from '../server/auth/actor';
import { providerOf } from '../server/db/client';
import type { Logger } from '../server/lib/logger';
import type { WorkerObserver } from '../server/metrics/worker-metrics';
import { appendRunLogs } from '../server/queue/append-run-logs';
import { finishRuns, type FinishItem, type FinishRunResult, type RunResult } from '../server/queue/finish-runs';
import { requeueRun } from '../server/queue/requeue-run';
import type { StartedRun } from '../server/queue/claim-and-start-runs';
import { recordRunStarts } from '../server/queue/record-run-starts';
import { publishCustomEvent } from '../server/events/publish-custom-event';
import { secretKeyOf } from '../server/secrets/crypto';
import { runEventOf } from '../server/triggers/run-event';
import { executeRun } from './executor';
import type { ExecutableTask, RunAs } from './executor/types';
import { delay } from './sleep';
import type { WorkerDeps } from './worker-deps';

export type AbortReason = 'cancel' | 'shutdown' | 'lost';

/**
 * PostgreSQL: a finished run waits this long for others to share its finish
 * transaction (~7 round trips). It costs no throughput, since the run's slot
 * is already free; it only delays the recorded end by a few ms. SQLite
 * finishes synchronously in microseconds: no wait there.
 */
const PG_COMPLETE_BATCH_DELAY_MS = 5;
/** At most this many finishes per transaction. */
const MAX_FINISH_BATCH = 500;

export interface RunExecutionOptions extends WorkerDeps {
  /** SIGTERM → SIGKILL grace when killing a run's process group. */
  killGraceMs?: number;
  /** See WorkerOptions.completeBatchDelayMs. */
  completeBatchDelayMs?: number;
  /** Shell tasks run as this user (TASK_USER), resolved when the worker starts. */
  runAs: () => RunAs | null;
  /** The worker as the author of events (known once it has registered). */
  actor: () => Actor;
  /** Called when a slot may have become free (a run ended or is only waiting for its finish). */
  onSlotFree: () => void;
  /** Called after the worker recorded runs' starts or finishes (their events are in the database). */
  onRecorded?: () => void;
  observer?: WorkerObserver;
}

interface PendingFinish {
  item: FinishItem;
  resolve: (result: FinishRunResult | null) => void;
}

interface InFlight {
  run: StartedRun;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The runs a worker has in hand: launching them, recording their starts, and
 * finishing them in batches (one finishRuns transaction for all the runs that
 * end together, like graphile-worker's completeJobs).
 */
export class RunExecution {
  private readonly inFlight = new Map<number, InFlight>();
  /** Runs whose execution ended and whose finish is queued or being flushed. */
  private readonly finishing = new Set<number>();
  /** Finished runs waiting for the next flush. */
  private finishQueue: PendingFinish[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  /** The chain of run.started records; a finish flush waits for it, so a run's events stay in order. */
  private startRecords: Promise<void> = Promise.resolve();

  constructor(private readonly options: RunExecutionOptions) {}

  /** Runs in hand, including those only waiting for their finish to commit. */
  get size(): number {
    return this.inFlight.size;
  }

  /**
   * Runs that take a slot. A run whose execution ended no longer does while
   * its finish waits for the batch (it stays in hand, so its lease is still
   * renewed and a drain still waits for it): the next claim overlaps the flush.
   */
  get busy(): number {
    return this.inFlight.size - this.finishing.size;
  }

  /**
   * Runs whose execution ended but whose finish has not committed yet: still
   * `running` in the database, but no longer occupying their task. The claim
   * does not count them against the task's overlap room (claim-runs.ts).
   */
  finishedIds(): number[] {
    return [...this.finishing];
  }

  /** Resolves once every run in hand now has ended and been recorded. */
  settled(): Promise<void> {
    return Promise.all([...this.inFlight.values()].map((f) => f.done)).then(() => undefined);
  }

  /** Still executing: in hand and not ended (a run whose finish was flushed meanwhile is not). */
  executing(runId: number): boolean {
    return this.inFlight.has(runId) && !this.finishing.has(runId);
  }

  /** What the lease renewal needs: each run in hand and its claim token. */
  held(): { id: number; claimToken: string }[] {
    return [...this.inFlight.values()].map((f) => ({ id: f.run.id, claimToken: f.run.claimToken }));
  }

  abort(runId: number, reason: AbortReason): void {
    this.inFlight.get(runId)?.controller.abort(reason);
  }

  abortAll(reason: AbortReason): void {
    for (const f of this.inFlight.values()) f.controller.abort(reason);
  }

  /** Launches claimed runs (already running in the database) and records their run.started alongside. */
  start(started: StartedRun[]): void {
    for (const run of started) this.launch(run);
    this.recordStarts(started);
  }

  private recordStarts(started: StartedRun[]): void {
    const { db, logger } = this.options;
    this.startRecords = this.startRecords
      .then(() => this.retryDb(() => recordRunStarts({ db, started, actor: this.options.actor() }), logger, 'record the start of'))
      .then(() => this.options.onRecorded?.());
  }

  private launch(run: StartedRun): void {
    const controller = new AbortController();
    const entry: InFlight = { run, controller, done: Promise.resolve() };
    entry.done = this.execute(run, controller).finally(() => {
      this.inFlight.delete(run.id);
      this.options.onSlotFree();
    });
    this.inFlight.set(run.id, entry);
  }

  private async execute(run: StartedRun, controller: AbortController): Promise<void> {
    const { db, config, logger } = this.options;
    const log = logger.child({ runId: run.id, taskKey: run.task.key, attempt: run.attempt });
    const source = { runId: run.id, taskId: run.task.id, taskKey: run.task.key };
    const event = run.eventId === null ? null : await this.retryDb(() => runEventOf({ db, eventId: run.eventId }), log, 'read the event of');
    const outcome = await executeRun({
      runId: run.id,
      attempt: run.attempt,
      task: toExecutable(run.task),
      timeoutMs: (run.task.timeoutSeconds ?? config.defaultTimeoutSeconds) * 1000,
      killGraceMs: this.options.killGraceMs ?? 5_000,
      allowedWorkdirs: config.allowedWorkdirs,
      envPassthrough: config.taskEnvPassthrough,
      runAs: this.options.runAs(),
      maxLogBytes: config.maxLogBytes,
      secretKey: secretKeyOf(config),
      signal: controller.signal,
      deferFinalLogs: true,
      writeLogs: async (chunks) => {
        const ok = await appendRunLogs({ db, runId: run.id, claimToken: run.claimToken, chunks });
        if (!ok) controller.abort('lost');
      },
      logger: log,
      event,
      publish: async (type, payload) => {
        await publishCustomEvent({ db, input: { type, payload }, actor: this.options.actor(), source });
      },
    });
    const finishedAt = new Date();
    const reason = controller.signal.aborted ? (controller.signal.reason as AbortReason) : null;
    if (reason === 'lost') return;
    if (reason === 'shutdown') {
      const actor = this.options.actor();
      await this.retryDb(() => requeueRun({ db, runId: run.id, claimToken: run.claimToken, actor, reason: 'worker shut down' }), log, 'requeue');
      return;
    }
    const result: RunResult = {
      status: outcome.status,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      error: outcome.error,
      result: outcome.result,
      logBytes: outcome.logBytes,
      logTruncated: outcome.logTruncated,
    };
    // Batched with the other runs finishing now; the end line goes with it.
    // The slot stays taken until the batch commits, so a crash before the
    // flush leaves the run running under its lease (reaped as worker lost).
    this.finishing.add(run.id);
    this.options.onSlotFree();
    const finished = await this.finish({ runId: run.id, claimToken: run.claimToken, outcome: result, logs: outcome.finalLogs, finishedAt }).finally(() => {
      this.finishing.delete(run.id);
    });
    if (finished) this.options.observer?.finished?.({ run, status: outcome.status, accepted: finished.accepted, retried: finished.retryRunId !== null, at: finishedAt });
    if (finished && !finished.accepted) log.warn('run result refused: its lease was taken over by another worker');
    else log.info({ status: outcome.status, error: outcome.error }, 'run finished');
  }

  /** Queues a finished run for the next batched finish; resolves with its result (null: the database stayed unreachable). */
  private finish(item: FinishItem): Promise<FinishRunResult | null> {
    return new Promise((resolve) => {
      this.finishQueue.push({ item, resolve });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    const delayMs = this.options.completeBatchDelayMs ?? (providerOf(this.options.db) === 'postgresql' ? PG_COMPLETE_BATCH_DELAY_MS : 0);
    const run = () => {
      this.flushScheduled = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (this.finishQueue.length > 0) this.scheduleFlush();
      });
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  }

  private async flush(): Promise<void> {
    const { db, logger } = this.options;
    const batch = this.finishQueue.splice(0, MAX_FINISH_BATCH);
    if (batch.length === 0) return;
    await this.startRecords;
    const actor = this.options.actor();
    const results = await this.retryDb(() => finishRuns({ db, items: batch.map((p) => p.item), actor }), logger, 'finish');
    batch.forEach((p, i) => p.resolve(results ? results[i]! : null));
    this.options.onRecorded?.();
  }

  /** Retries a database write through a blip, for as long as the run's lease could still be ours. */
  private async retryDb<T>(fn: () => Promise<T>, log: Logger, what: string): Promise<T | null> {
    const deadline = Date.now() + this.options.config.leaseSeconds * 2000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (Date.now() > deadline) {
          log.error({ err }, `could not ${what} the run; giving up (its lease will expire and another worker will fail it as lost)`);
          return null;
        }
        log.warn({ err, attempt }, `could not ${what} the run; retrying`);
        await delay(Math.min(5_000, 200 * 2 ** Math.min(attempt, 5)));
      }
    }
  }
}

function toExecutable(task: StartedRun['task']): ExecutableTask {
  const record = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : null);
  return {
    id: task.id,
    key: task.key,
    kind: task.kind as ExecutableTask['kind'],
    command: task.command,
    httpMethod: task.httpMethod,
    httpUrl: task.httpUrl,
    httpHeaders: record(task.httpHeaders),
    httpBody: task.httpBody,
    handler: task.handler,
    scriptBody: task.scriptBody,
    scriptInterpreter: task.scriptInterpreter,
    payload: task.payload ?? null,
    cwd: task.cwd,
    env: record(task.env),
  };
}
