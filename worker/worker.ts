import type { Config } from '../server/config';
import type { Db } from '../server/db';
import type { Logger } from '../server/lib/logger';
import { heartbeatWorker } from '../server/workers/heartbeat-worker';
import { registerWorker, type WorkerIdentity } from '../server/workers/register-worker';
import { stopWorker } from '../server/workers/stop-worker';
import { version } from '../server/lib/version';

export type WorkerState = 'starting' | 'running' | 'draining' | 'stopped';

export interface WorkerOptions {
  db: Db;
  config: Config;
  logger: Logger;
  name?: string;
  concurrency?: number;
}

/**
 * One worker process. This is the loop's skeleton: register, heartbeat, poll,
 * stop cleanly. Claiming and executing runs plug into `tick()` (issue 4).
 *
 * The sleep between polls is cut short by stop(), so shutdown never waits a
 * full poll interval. Database errors in a tick are logged and backed off,
 * never fatal: a database blip must not kill the worker.
 */
export class CronboardWorker {
  state: WorkerState = 'starting';
  identity: WorkerIdentity | null = null;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private lastHeartbeat = 0;
  private consecutiveErrors = 0;

  constructor(private readonly options: WorkerOptions) {}

  get concurrency(): number {
    return this.options.concurrency ?? this.options.config.workerConcurrency;
  }

  async start(): Promise<WorkerIdentity> {
    const { db, logger } = this.options;
    this.identity = await registerWorker({ db, name: this.options.name, concurrency: this.concurrency, version });
    this.state = 'running';
    this.lastHeartbeat = Date.now();
    logger.info(
      { workerId: this.identity.id, workerName: this.identity.name, concurrency: this.concurrency, pollIntervalMs: this.options.config.pollIntervalMs },
      'worker started; idle: run execution arrives with the worker issue',
    );
    this.loopDone = this.loop();
    return this.identity;
  }

  /** Stops polling, marks the worker stopped and resolves once the loop has exited. */
  async stop(reason = 'shutdown'): Promise<void> {
    if (this.state === 'stopped' || this.state === 'draining') return this.loopDone ?? undefined;
    this.state = 'draining';
    this.options.logger.info({ reason }, 'worker stopping');
    this.wake?.();
    await this.loopDone;
    if (this.identity) {
      await stopWorker({ db: this.options.db, workerId: this.identity.id, name: this.identity.name, reason }).catch((err: unknown) =>
        this.options.logger.error({ err }, 'could not mark the worker stopped'),
      );
    }
    this.state = 'stopped';
    this.options.logger.info('worker stopped');
  }

  private async loop(): Promise<void> {
    while (this.state === 'running') {
      let delay = this.options.config.pollIntervalMs;
      try {
        await this.tick();
        if (this.consecutiveErrors > 0) this.options.logger.info('database reachable again; carrying on');
        this.consecutiveErrors = 0;
      } catch (err) {
        this.consecutiveErrors += 1;
        // Exponential backoff capped at 30 s: a down database is retried, not fatal.
        delay = Math.min(30_000, delay * 2 ** Math.min(this.consecutiveErrors, 5));
        this.options.logger.warn({ err, attempt: this.consecutiveErrors, retryInMs: delay }, 'worker tick failed; backing off');
      }
      await this.sleep(delay);
    }
  }

  /** One poll: heartbeat when due. */
  private async tick(): Promise<void> {
    const heartbeatEveryMs = Math.max(1000, (this.options.config.leaseSeconds * 1000) / 3);
    if (Date.now() - this.lastHeartbeat >= heartbeatEveryMs && this.identity) {
      const alive = await heartbeatWorker({ db: this.options.db, workerId: this.identity.id, runsInHand: 0 });
      this.lastHeartbeat = Date.now();
      if (!alive) this.options.logger.warn({ workerId: this.identity.id }, 'worker row is missing; was it pruned?');
      this.options.logger.debug('idle: no runs to claim');
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
