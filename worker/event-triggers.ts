/**
 * The event-trigger consumer as a side task of the worker (side-tasks.ts):
 * every poll interval it queues the runs of tasks whose `on:` matches the
 * events recorded since the fleet's cursor (queueTriggeredRuns), passing again
 * at once while more events wait. Idle (no event last pass), it passes again
 * only after the worker's change signal fired, or after `idleMs`. Every worker runs it; they take turns on
 * the cursor, and a run is unique per (task, event), so none is doubled.
 */
import type { Actor } from '../server/auth/actor';
import type { ChangeSignal } from '../server/lib/change-signal';
import { queueTriggeredRuns, type TriggerState } from '../server/triggers/queue-triggered-runs';
import type { WorkerDeps } from './worker-deps';

export interface EventTriggersOptions extends WorkerDeps {
  actor: Actor;
  /** Between passes (default: the worker's poll interval). */
  pollMs?: number;
  /** The worker's change signal, and how long an idle pass waits at most without one. */
  changes?: ChangeSignal;
  idleMs?: number;
}

export class EventTriggers {
  private readonly state: TriggerState = { cursor: null };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: EventTriggersOptions) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }, ms);
  }

  private async pass(): Promise<void> {
    const { db, logger, actor, changes } = this.options;
    const pollMs = this.options.pollMs ?? this.options.config.pollIntervalMs;
    const since = changes?.generation ?? 0;
    try {
      const { queued, more, stopped } = await queueTriggeredRuns({ db, state: this.state, actor });
      if (queued > 0) logger.info({ queued }, 'queued runs for events');
      for (const chain of stopped) logger.warn(chain, `event triggers: not starting ${chain.taskKey}: a chain of event-triggered runs ${chain.depth} deep (loop: ${chain.loop.join(' → ')})`);
      if (more || !changes) return this.schedule(more ? 0 : pollMs);
      await changes.idle(since, pollMs, this.options.idleMs ?? pollMs, this.abort.signal);
      this.schedule(0);
    } catch (err) {
      logger.warn({ err }, 'event triggers: a pass failed; retrying');
      this.schedule(Math.max(pollMs, 1_000));
    }
  }
}
