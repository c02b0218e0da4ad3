import type { Actor } from '../server/auth/actor';
import { ChangeSignal, sideTaskIdleMs } from '../server/lib/change-signal';
import { version } from '../server/lib/version';
import { parseDatabaseUrl } from '../server/db/url';
import { claimAndStartRuns } from '../server/queue/claim-and-start-runs';
import { attachDirect } from '../server/queue/plan';
import { materializeDueRuns } from '../server/queue/materialize-due-runs';
import { renewLeases } from '../server/queue/renew-leases';
import { heartbeatWorker } from '../server/workers/heartbeat-worker';
import { registerWorker, type WorkerIdentity } from '../server/workers/register-worker';
import { stopWorker } from '../server/workers/stop-worker';
import { handlerNames } from './handlers';
import { RunExecution } from './execution';
import { QueueListener } from './listen';
import { DataVersionWake } from './sqlite-wake';
import { Maintenance } from './maintenance';
import { sideTasksFor, startSideTasks, stopSideTasks, type SideTask } from './side-tasks';
import { yieldToEventLoop } from './sleep';
import type { RunAs } from './executor/types';
import { resolveTaskUser } from './task-user';
import type { WorkerOptions, WorkerState } from './worker-deps';

export type { WorkerOptions, WorkerState } from './worker-deps';

const CANCEL_CHECK_MS = 500;
/** While busy, scheduled runs are materialized at most this often (idle: every pass). */
const MATERIALIZE_EVERY_MS = 250;
/** How long after a full claim the worker still counts as having runs waiting. */
const RUNS_WAITING_MS = 1000;

/**
 * One worker process: N slots, a poll loop with explicit states.
 *
 * Each pass: heartbeat and lease renewal (which also delivers cancel requests),
 * housekeeping (maintenance.ts: reap expired leases, age the queue),
 * claim into free slots and launch the claimed runs (execution.ts), materialize
 * due scheduled runs. The sleep between passes is cut short by stop(), by a
 * finished run (a slot is free) and, on PostgreSQL, by a NOTIFY that a run was
 * queued. Errors of a pass are logged and backed off, never fatal: a database
 * blip must not kill the worker.
 */
export class CronboardWorker {
  state: WorkerState = 'starting';
  identity: WorkerIdentity | null = null;
  private readonly runs: RunExecution;
  private readonly maintenance: Maintenance;
  private sideTasks: SideTask[] = [];
  private wake: (() => void) | null = null;
  private wakeRequested = false;
  private loopDone: Promise<void> | null = null;
  private consecutiveErrors = 0;
  private lastHeartbeat = 0;
  private lastCancelCheck = 0;
  private lastMaterialize = 0;
  /** The last tick found a full batch due: more fires may be (the herd). */
  private tickMore = false;
  private lastFullClaim = -Infinity;
  private listener: QueueListener | null = null;
  private dataVersionWake: DataVersionWake | null = null;
  private detachDirect: (() => void) | null = null;
  private actor: Actor = { type: 'worker', name: 'worker' };
  private runAs: RunAs | null = null;
  /** Something may have changed in the database: wakes the idle side tasks (server/lib/change-signal.ts). */
  private readonly changes = new ChangeSignal();

  constructor(private readonly options: WorkerOptions) {
    const { db, config, logger } = options;
    this.runs = new RunExecution({
      db,
      config,
      logger,
      killGraceMs: options.killGraceMs,
      completeBatchDelayMs: options.completeBatchDelayMs,
      actor: () => this.actor,
      runAs: () => this.runAs,
      onSlotFree: () => this.poke(),
      onRecorded: () => this.changes.notify(),
      observer: options.observer,
    });
    this.maintenance = new Maintenance({ db, config, logger, agingStepSeconds: options.agingStepSeconds, observer: options.observer });
  }

  get concurrency(): number {
    return this.options.concurrency ?? this.options.config.workerConcurrency;
  }

  get runsInHand(): number {
    return this.runs.size;
  }

  /** Runs are waiting for this worker: a claim filled every free slot within the last second (its webhook sender holds back meanwhile). */
  get runsWaiting(): boolean {
    return performance.now() - this.lastFullClaim < RUNS_WAITING_MS;
  }

  async start(): Promise<WorkerIdentity> {
    const { db, logger, config } = this.options;
    // TASK_USER that cannot be used refuses the start, before anything is registered.
    this.runAs = resolveTaskUser(config);
    // The queue's hot path on a direct connection (server/queue/plan.ts).
    this.detachDirect = attachDirect(db, config.databaseUrl);
    this.identity = await registerWorker({ db, name: this.options.name, concurrency: this.concurrency, version, handlers: handlerNames() });
    this.actor = { type: 'worker', id: this.identity.id, name: this.identity.name };
    this.state = 'running';
    this.lastHeartbeat = Date.now();
    if (this.options.listenUrl) {
      this.listener = new QueueListener(this.options.listenUrl, () => this.changed(), logger);
      this.listener.start();
    } else {
      // SQLite: another connection's commit (Run now) wakes the loop at once.
      this.dataVersionWake = new DataVersionWake(db, parseDatabaseUrl(config.databaseUrl).file ?? null, () => this.changed());
      this.dataVersionWake.start();
    }
    logger.info(
      {
        workerId: this.identity.id,
        workerName: this.identity.name,
        concurrency: this.concurrency,
        pollIntervalMs: config.pollIntervalMs,
        listen: Boolean(this.listener),
        wakeOnCommit: Boolean(this.dataVersionWake),
        ...(this.runAs ? { taskUser: this.runAs.user, taskUid: this.runAs.uid, taskGid: this.runAs.gid } : {}),
      },
      'worker started',
    );
    this.loopDone = this.loop();
    // Beside the loop, never awaited by a pass: retention, the jobs folder (worker/side-tasks.ts).
    this.sideTasks = sideTasksFor({
      ...this.options,
      workerId: this.identity.id,
      actor: this.actor,
      changes: this.changes,
      idleMs: sideTaskIdleMs(config.pollIntervalMs),
      runsWaiting: () => this.runsWaiting,
    });
    startSideTasks(this.sideTasks, logger);
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
      this.options.logger.info({ reason, runsInHand: this.runs.size, graceMs }, 'worker draining');
      this.poke();
      await this.heartbeat('draining').catch(() => undefined);
    }
    let graceTimer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<boolean>((resolve) => {
      graceTimer = setTimeout(() => resolve(true), graceMs);
    });
    const timedOut = await Promise.race([this.runs.settled().then(() => false), graceOver]);
    // Runs that end early must not leave the grace timer holding the process open.
    clearTimeout(graceTimer);
    if (timedOut) this.runs.abortAll('shutdown');
    await this.runs.settled();
    await this.loopDone;
    await stopSideTasks(this.sideTasks);
    await this.listener?.stop();
    this.dataVersionWake?.stop();
    if (this.identity) {
      await stopWorker({ db: this.options.db, workerId: this.identity.id, name: this.identity.name, reason }).catch(
        (err: unknown) => this.options.logger.error({ err }, 'could not mark the worker stopped'),
      );
    }
    this.detachDirect?.();
    this.detachDirect = null;
    this.state = 'stopped';
    this.options.logger.info('worker stopped');
  }

  /** Second signal: no more grace. */
  async forceStop(): Promise<void> {
    this.options.logger.warn({ runsInHand: this.runs.size }, 'forced stop: killing and requeueing runs now');
    await this.stop('forced', 0);
  }

  /** Another connection committed or a run was queued: the loop and the side tasks look again. */
  private changed(): void {
    this.poke();
    this.changes.notify();
  }

  private poke(): void {
    this.wakeRequested = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (this.state === 'running' || (this.state === 'draining' && this.runs.size > 0)) {
      let pause = this.options.config.pollIntervalMs;
      const passStart = performance.now();
      try {
        const busy = await this.pass();
        this.options.observer?.passed?.({ seconds: (performance.now() - passStart) / 1000, ok: true });
        if (this.consecutiveErrors > 0) this.options.logger.info('database reachable again; carrying on');
        this.consecutiveErrors = 0;
        if (busy) pause = 0;
      } catch (err) {
        this.options.observer?.passed?.({ seconds: (performance.now() - passStart) / 1000, ok: false });
        this.consecutiveErrors += 1;
        pause = Math.min(30_000, this.options.config.pollIntervalMs * 2 ** Math.min(this.consecutiveErrors, 5));
        this.options.logger.warn({ err, attempt: this.consecutiveErrors, retryInMs: pause }, 'worker pass failed; backing off');
      }
      if (this.runs.size > 0) pause = Math.min(pause, CANCEL_CHECK_MS);
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

    if (now - this.lastHeartbeat >= Math.max(1000, leaseMs / 3))
      await this.heartbeat(this.state === 'draining' ? 'draining' : 'active');
    if (this.runs.size > 0 && now - this.lastCancelCheck >= CANCEL_CHECK_MS) await this.renew(false);
    if (this.state !== 'running') return false;

    await this.maintenance.run(now, this.actor);

    // Claim first: a run someone just queued (NOTIFY) reaches its handler
    // without waiting for the schedule tick.
    const free = this.concurrency - this.runs.busy;
    let claimedFull = false;
    if (free > 0) {
      const { runs: started, claimed } = await claimAndStartRuns({
        db,
        workerId: this.identity!.id,
        limit: free,
        leaseSeconds: config.leaseSeconds,
        // Its own finished runs waiting for their batched finish no longer hold their task.
        finishedRunIds: this.runs.finishedIds(),
        actor: this.actor,
      });
      claimedFull = claimed === free;
      if (claimedFull) this.lastFullClaim = performance.now();
      if (started.length > 0) {
        // The claim already made them running (token, lease, startedAt): launch
        // at once and record run.started / the card move alongside.
        this.runs.start(started);
        this.options.observer?.claimed?.(started);
      }
    }
    // Scheduled fire times: every pass when idle (a pass per poll interval), at
    // most every MATERIALIZE_EVERY_MS while busy, and every pass while the last
    // tick found a full batch due (the midnight herd: the fires are queued in
    // seconds even while this worker's slots are full).
    let ticked = false;
    if (!claimedFull || this.tickMore || now - this.lastMaterialize >= Math.min(config.pollIntervalMs, MATERIALIZE_EVERY_MS)) {
      this.lastMaterialize = now;
      const tick = await materializeDueRuns({ db, actor: this.actor });
      if (tick.queued || tick.skipped) {
        this.options.logger.debug(tick, 'scheduled runs materialized');
        this.changes.notify();
      }
      ticked = tick.tasks > 0;
      this.tickMore = tick.more;
    }
    return claimedFull || ticked;
  }

  private async heartbeat(state: 'active' | 'draining'): Promise<void> {
    if (!this.identity) return;
    this.lastHeartbeat = Date.now();
    await heartbeatWorker({ db: this.options.db, workerId: this.identity.id, runsInHand: this.runs.busy, state });
    await this.renew();
  }

  /**
   * With the heartbeat (every lease / 3) the leases are extended; between two, every
   * CANCEL_CHECK_MS, the held runs are only read for cancel requests and takeovers (an
   * UPDATE of every run in hand twice a second was most of a PostgreSQL herd's database time).
   */
  private async renew(extend = true): Promise<void> {
    this.lastCancelCheck = Date.now();
    if (this.runs.size === 0) return;
    const { cancelRequested, lost } = await renewLeases({
      db: this.options.db,
      held: this.runs.held(),
      leaseSeconds: this.options.config.leaseSeconds,
      extend,
    });
    for (const id of cancelRequested) this.runs.abort(id, 'cancel');
    // A run that ended while the statement ran (its finish committed: no longer `running`) was not taken over.
    for (const id of lost.filter((runId) => this.runs.executing(runId))) {
      this.options.logger.warn({ runId: id }, 'lost the lease of a run (taken over); stopping it without recording a result');
      this.runs.abort(id, 'lost');
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
