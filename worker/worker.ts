import type { Config } from '../server/config';
import type { Db } from '../server/db';
import type { Logger } from '../server/lib/logger';
import type { Actor } from '../server/auth/actor';
import { version } from '../server/lib/version';
import { pruneHistory } from '../server/runs/prune-history';
import { ageQueuedRuns } from '../server/queue/age-queued-runs';
import { claimMaintenance } from '../server/queue/claim-maintenance';
import { appendRunLogs } from '../server/queue/append-run-logs';
import { claimRuns } from '../server/queue/claim-runs';
import { finishRuns, type FinishItem, type FinishRunResult, type RunResult } from '../server/queue/finish-runs';
import { optimizeDatabase } from '../server/db/optimize';
import { providerOf } from '../server/db/client';
import { attachDirect } from '../server/queue/plan';
import { materializeDueRuns } from '../server/queue/materialize-due-runs';
import { reapExpiredLeases } from '../server/queue/reap-expired-leases';
import { renewLeases } from '../server/queue/renew-leases';
import { requeueRun } from '../server/queue/requeue-run';
import { loadClaimedRuns, recordRunStarts, type StartedRun } from '../server/queue/start-runs';
import { heartbeatWorker } from '../server/workers/heartbeat-worker';
import { registerWorker, type WorkerIdentity } from '../server/workers/register-worker';
import { stopWorker } from '../server/workers/stop-worker';
import { secretKeyOf } from '../server/secrets/crypto';
import { executeRun } from './executor';
import type { ExecutableTask } from './executor/types';
import { QueueListener } from './listen';

export type WorkerState = 'starting' | 'running' | 'draining' | 'stopped';
type AbortReason = 'cancel' | 'shutdown' | 'lost';

export interface WorkerOptions {
  db: Db;
  config: Config;
  logger: Logger;
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

const CANCEL_CHECK_MS = 500;
/** While busy, scheduled runs are materialized at most this often (idle: every pass). */
const MATERIALIZE_EVERY_MS = 250;
/** How often a worker asks whether retention is due (the job itself runs hourly, on one worker). */
const RETENTION_CHECK_MS = 60_000;
const RETENTION_EVERY_MS = 3_600_000;
/** SQLite planner statistics (PRAGMA optimize), refreshed this often as the tables grow. */
const OPTIMIZE_EVERY_MS = 600_000;
/**
 * PostgreSQL: a finished run waits this long for others to share its finish
 * transaction (~7 round trips). It costs no throughput, since the run's slot
 * is already free; it only delays the recorded end by a few ms. SQLite
 * finishes synchronously in microseconds: no wait there.
 */
const PG_COMPLETE_BATCH_DELAY_MS = 5;
/** At most this many finishes per transaction. */
const MAX_FINISH_BATCH = 500;

/**
 * One worker process: N slots, a poll loop with explicit states.
 *
 * Each pass: heartbeat and lease renewal (which also delivers cancel requests),
 * reap expired leases, age the queue, materialize due scheduled runs, claim
 * into free slots, and launch the claimed runs. The sleep between passes is cut
 * short by stop(), by a finished run (a slot is free) and, on PostgreSQL, by a
 * NOTIFY that a run was queued. Errors of a pass are logged and backed off,
 * never fatal: a database blip must not kill the worker.
 */
export class CronboardWorker {
  state: WorkerState = 'starting';
  identity: WorkerIdentity | null = null;
  private readonly inFlight = new Map<number, InFlight>();
  private wake: (() => void) | null = null;
  private wakeRequested = false;
  private loopDone: Promise<void> | null = null;
  private consecutiveErrors = 0;
  private lastHeartbeat = 0;
  private lastLeaseRenewal = 0;
  private lastReap = 0;
  private lastAging = 0;
  private lastRetentionCheck = Date.now();
  private lastMaterialize = 0;
  private lastOptimize = 0;
  /** Finished runs waiting for the next flush (one finishRuns transaction for all of them). */
  private finishQueue: PendingFinish[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  /** Runs whose execution ended and whose finish is queued or being flushed. */
  private finishing = 0;
  /** The chain of run.started records; a finish flush waits for it, so a run's events stay in order. */
  private startRecords: Promise<void> = Promise.resolve();
  private listener: QueueListener | null = null;
  private detachDirect: (() => void) | null = null;
  private actor: Actor = { type: 'worker', name: 'worker' };

  constructor(private readonly options: WorkerOptions) {}

  get concurrency(): number {
    return this.options.concurrency ?? this.options.config.workerConcurrency;
  }

  get runsInHand(): number {
    return this.inFlight.size;
  }

  async start(): Promise<WorkerIdentity> {
    const { db, logger, config } = this.options;
    // The queue's hot path on a direct connection (server/queue/plan.ts).
    this.detachDirect = attachDirect(db, config.databaseUrl);
    this.identity = await registerWorker({ db, name: this.options.name, concurrency: this.concurrency, version });
    this.actor = { type: 'worker', id: this.identity.id, name: this.identity.name };
    this.state = 'running';
    this.lastHeartbeat = Date.now();
    if (this.options.listenUrl) {
      this.listener = new QueueListener(this.options.listenUrl, () => this.poke(), logger);
      this.listener.start();
    }
    logger.info(
      { workerId: this.identity.id, workerName: this.identity.name, concurrency: this.concurrency, pollIntervalMs: config.pollIntervalMs, listen: Boolean(this.listener) },
      'worker started',
    );
    this.loopDone = this.loop();
    return this.identity;
  }

  /**
   * Drains: stop claiming, let running runs finish within SHUTDOWN_GRACE_SECONDS,
   * then kill and requeue what is left; mark the worker stopped.
   */
  async stop(reason = 'shutdown', graceMs = this.options.config.shutdownGraceSeconds * 1000): Promise<void> {
    if (this.state === 'stopped') return;
    if (this.state !== 'draining') {
      this.state = 'draining';
      this.options.logger.info({ reason, runsInHand: this.inFlight.size, graceMs }, 'worker draining');
      this.poke();
      await this.heartbeat('draining').catch(() => undefined);
    }
    const settled = Promise.all([...this.inFlight.values()].map((f) => f.done));
    const timedOut = await Promise.race([settled.then(() => false), delay(graceMs).then(() => true)]);
    if (timedOut) this.abortAll('shutdown');
    await Promise.all([...this.inFlight.values()].map((f) => f.done));
    await this.loopDone;
    await this.listener?.stop();
    if (this.identity) {
      await stopWorker({ db: this.options.db, workerId: this.identity.id, name: this.identity.name, reason }).catch((err: unknown) =>
        this.options.logger.error({ err }, 'could not mark the worker stopped'),
      );
    }
    this.detachDirect?.();
    this.detachDirect = null;
    this.state = 'stopped';
    this.options.logger.info('worker stopped');
  }

  /** Second signal: no more grace. */
  async forceStop(): Promise<void> {
    this.options.logger.warn({ runsInHand: this.inFlight.size }, 'forced stop: killing and requeueing runs now');
    await this.stop('forced', 0);
  }

  private abortAll(reason: AbortReason): void {
    for (const f of this.inFlight.values()) f.controller.abort(reason);
  }

  private poke(): void {
    this.wakeRequested = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (this.state === 'running' || (this.state === 'draining' && this.inFlight.size > 0)) {
      let pause = this.options.config.pollIntervalMs;
      try {
        const busy = await this.pass();
        if (this.consecutiveErrors > 0) this.options.logger.info('database reachable again; carrying on');
        this.consecutiveErrors = 0;
        if (busy) pause = 0;
      } catch (err) {
        this.consecutiveErrors += 1;
        pause = Math.min(30_000, this.options.config.pollIntervalMs * 2 ** Math.min(this.consecutiveErrors, 5));
        this.options.logger.warn({ err, attempt: this.consecutiveErrors, retryInMs: pause }, 'worker pass failed; backing off');
      }
      if (this.inFlight.size > 0) pause = Math.min(pause, CANCEL_CHECK_MS);
      if (pause > 0) await this.sleep(pause);
      // Always give the event loop a turn between passes: on SQLite every query
      // answers synchronously, and without this a backlog would run pass after
      // pass with no timer (timeouts, kill grace, log flushes) or signal handled.
      else await yieldToEventLoop();
    }
  }

  /** One pass. Returns true when it claimed a full batch (there may be more to claim right away). */
  private async pass(): Promise<boolean> {
    const { db, config } = this.options;
    const now = Date.now();
    const leaseMs = config.leaseSeconds * 1000;

    if (now - this.lastHeartbeat >= Math.max(1000, leaseMs / 3)) await this.heartbeat(this.state === 'draining' ? 'draining' : 'active');
    if (this.inFlight.size > 0 && now - this.lastLeaseRenewal >= CANCEL_CHECK_MS) await this.renew();
    if (this.state !== 'running') return false;

    if (now - this.lastReap >= Math.max(1000, leaseMs / 2)) {
      this.lastReap = now;
      const reaped = await reapExpiredLeases({ db, actor: this.actor, leaseSeconds: config.leaseSeconds });
      if (reaped.runsFailed.length || reaped.workersLost.length) this.options.logger.warn(reaped, 'reaped runs of lost workers');
    }
    if (now - this.lastAging >= 10_000) {
      this.lastAging = now;
      await ageQueuedRuns({ db, stepSeconds: this.options.agingStepSeconds ?? 300 });
    }
    if (now - this.lastRetentionCheck >= RETENTION_CHECK_MS) {
      this.lastRetentionCheck = now;
      await this.retention();
    }
    if (now - this.lastOptimize >= OPTIMIZE_EVERY_MS) {
      this.lastOptimize = now;
      await optimizeDatabase(db).catch((err: unknown) => this.options.logger.warn({ err }, 'PRAGMA optimize failed; will try again later'));
    }

    // Claim first: a run someone just queued (NOTIFY) reaches its handler
    // without waiting for the schedule tick.
    // A run whose execution ended no longer takes a slot while its finish
    // waits for the batch (it stays in inFlight, so its lease is still renewed
    // and a drain still waits for it): the next claim overlaps the flush.
    const free = this.concurrency - (this.inFlight.size - this.finishing);
    let claimedFull = false;
    if (free > 0) {
      const claimed = await claimRuns({ db, workerId: this.identity!.id, limit: free, leaseSeconds: config.leaseSeconds, actor: this.actor });
      claimedFull = claimed.length === free;
      if (claimed.length > 0) {
        // The claim already made them running (token, lease, startedAt): launch
        // at once and record run.started / the card move alongside.
        const started = await loadClaimedRuns({ db, claimed, actor: this.actor });
        for (const run of started) this.launch(run);
        this.recordStarts(started);
      }
    }
    // Scheduled fire times: every pass when idle (a pass per poll interval), at
    // most every MATERIALIZE_EVERY_MS while busy.
    let ticked = false;
    if (!claimedFull || now - this.lastMaterialize >= Math.min(config.pollIntervalMs, MATERIALIZE_EVERY_MS)) {
      this.lastMaterialize = now;
      const tick = await materializeDueRuns({ db, actor: this.actor });
      if (tick.queued || tick.skipped) this.options.logger.debug(tick, 'scheduled runs materialized');
      ticked = tick.tasks > 0;
    }
    return claimedFull || ticked;
  }

  private recordStarts(started: StartedRun[]): void {
    const { db, logger } = this.options;
    this.startRecords = this.startRecords
      .then(() => this.retryDb(() => recordRunStarts({ db, started, actor: this.actor }), logger, 'record the start of'))
      .then(() => undefined);
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
    const results = await this.retryDb(() => finishRuns({ db, items: batch.map((p) => p.item), actor: this.actor }), logger, 'finish');
    batch.forEach((p, i) => p.resolve(results ? results[i]! : null));
  }

  /** Retention: one worker at a time (hourly), bounded batches, errors logged and retried next time. */
  private async retention(): Promise<void> {
    const { db, config, logger } = this.options;
    const mine = await claimMaintenance({ db, job: 'maintenance.retention', everyMs: RETENTION_EVERY_MS, workerId: this.identity!.id });
    if (!mine) return;
    try {
      const pruned = await pruneHistory({ db, retentionDays: config.historyRetentionDays });
      if (pruned.runs > 0) logger.info({ runs: pruned.runs, logs: pruned.logs, olderThan: pruned.cutoff }, 'pruned old runs');
    } catch (err) {
      logger.warn({ err }, 'retention failed; will try again later');
    }
  }

  private async heartbeat(state: 'active' | 'draining'): Promise<void> {
    if (!this.identity) return;
    this.lastHeartbeat = Date.now();
    await heartbeatWorker({ db: this.options.db, workerId: this.identity.id, runsInHand: this.inFlight.size - this.finishing, state });
    await this.renew();
  }

  private async renew(): Promise<void> {
    this.lastLeaseRenewal = Date.now();
    if (this.inFlight.size === 0) return;
    const held = [...this.inFlight.values()].map((f) => ({ id: f.run.id, claimToken: f.run.claimToken }));
    const { cancelRequested, lost } = await renewLeases({ db: this.options.db, held, leaseSeconds: this.options.config.leaseSeconds });
    for (const id of cancelRequested) this.inFlight.get(id)?.controller.abort('cancel');
    for (const id of lost) {
      this.options.logger.warn({ runId: id }, 'lost the lease of a run (taken over); stopping it without recording a result');
      this.inFlight.get(id)?.controller.abort('lost');
    }
  }

  private launch(run: StartedRun): void {
    const controller = new AbortController();
    const entry: InFlight = { run, controller, done: Promise.resolve() };
    entry.done = this.execute(run, controller).finally(() => {
      this.inFlight.delete(run.id);
      this.poke();
    });
    this.inFlight.set(run.id, entry);
  }

  private async execute(run: StartedRun, controller: AbortController): Promise<void> {
    const { db, config, logger } = this.options;
    const log = logger.child({ runId: run.id, taskKey: run.task.key, attempt: run.attempt });
    const outcome = await executeRun({
      runId: run.id,
      attempt: run.attempt,
      task: toExecutable(run.task),
      timeoutMs: (run.task.timeoutSeconds ?? config.defaultTimeoutSeconds) * 1000,
      killGraceMs: this.options.killGraceMs ?? 5_000,
      allowedWorkdirs: config.allowedWorkdirs,
      maxLogBytes: config.maxLogBytes,
      secretKey: secretKeyOf(config),
      signal: controller.signal,
      deferFinalLogs: true,
      writeLogs: async (chunks) => {
        const ok = await appendRunLogs({ db, runId: run.id, claimToken: run.claimToken, chunks });
        if (!ok) controller.abort('lost');
      },
      logger: log,
    });
    const reason = controller.signal.aborted ? (controller.signal.reason as AbortReason) : null;
    if (reason === 'lost') return;
    if (reason === 'shutdown') {
      await this.retryDb(() => requeueRun({ db, runId: run.id, claimToken: run.claimToken, actor: this.actor, reason: 'worker shut down' }), log, 'requeue');
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
    this.finishing += 1;
    this.poke();
    const finished = await this.finish({ runId: run.id, claimToken: run.claimToken, outcome: result, logs: outcome.finalLogs }).finally(() => {
      this.finishing -= 1;
    });
    if (finished && !finished.accepted) log.warn('run result refused: its lease was taken over by another worker');
    else log.info({ status: outcome.status, error: outcome.error }, 'run finished');
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

  private sleep(ms: number): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return yieldToEventLoop();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        this.wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
    payload: task.payload ?? null,
    cwd: task.cwd,
    env: record(task.env),
  };
}
