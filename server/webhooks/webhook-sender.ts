import type { Config } from '../config';
import type { Db } from '../db';
import type { Logger } from '../lib/logger';
import type { WorkerObserver } from '../metrics/worker-metrics';
import { abortableSleep } from '../lib/abortable-sleep';
import { BackgroundLoop } from '../lib/background-loop';
import type { ChangeSignal } from '../lib/change-signal';
import { secretKeyOf } from '../secrets/crypto';
import { claimDeliveries } from './claim-deliveries';
import { deliveryBodies, type DeliveryBody } from './delivery-body';
import { fanOutEvents, type FanOutState } from './fan-out-events';
import { webhookWorkDueSince } from './overdue-work';
import { sendDelivery } from './send-delivery';

/**
 * Runs come first: while the worker in this process has runs waiting, its
 * sender holds fan-out and sends back, but no webhook work (an event to fan
 * out, a due delivery) waits longer than this for it. So during a burst
 * deliveries go out about this late, as a trickle, and all catch up after it.
 */
export const WEBHOOK_MAX_DEFER_MS = 10_000;

/** The bound for a worker: WEBHOOK_MAX_DEFER_MS, or ten poll intervals when POLL_INTERVAL_MS is under a second. */
export const maxDeferMs = (config: Pick<Config, 'pollIntervalMs'>) => Math.min(WEBHOOK_MAX_DEFER_MS, 10 * config.pollIntervalMs);

export interface WebhookSenderOptions {
  db: Db;
  config: Config;
  logger: Logger;
  /** Deliveries in flight at once (default 4). */
  concurrency?: number;
  /** How often an idle sender looks for new events and due deliveries (default 500 ms). */
  pollMs?: number;
  /** Told of each attempt's outcome (a worker's metrics; the web process has none). */
  observer?: Pick<WorkerObserver, 'deliveryAttempted'>;
  /** In a worker: its change signal; an idle sender then looks again only after a change, or every `idleMs`. */
  changes?: ChangeSignal;
  idleMs?: number;
  /**
   * A worker's sender: whether its worker has runs waiting (it just claimed a
   * full batch). While it says so, webhook work waits up to `maxDeferMs`. The
   * web process's sender has none and never holds back.
   */
  runsWaiting?: () => boolean;
  /** The bound on holding back (default maxDeferMs(config); tests shorten it). */
  maxDeferMs?: number;
}

/**
 * The webhook sender, in every worker (a side task, beside its loop and never
 * awaited by it) and in the web process (started from instrumentation-node.ts,
 * like the AlertEvaluator, so alert notifications go out with every worker
 * down). It turns new events into delivery rows (fanOutEvents: the outbox step,
 * one process at a time) and sends due deliveries (claimed like runs, several
 * at once). Errors are logged and backed off; a database blip does not stop it.
 */
export class WebhookSender extends BackgroundLoop {
  private readonly state: FanOutState = { cursor: null };
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Ends the current pause early: a send finished, so a slot is free for the next due delivery. */
  private wakeUp: (() => void) | null = null;
  /** A send finished since the last pause began: the next wakeable pause returns at once. */
  private wakeRequested = false;
  /** Until then the sender trickles without asking again whether anything is overdue (beside). */
  private overdueUntil = -Infinity;

  constructor(private readonly options: WebhookSenderOptions) {
    super();
  }

  /** stop() stops claiming and waits for the deliveries in flight (each ends within its 10 s timeout). */
  protected override async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  protected async loop(): Promise<void> {
    const { db, config, logger } = this.options;
    const concurrency = this.options.concurrency ?? 4;
    const secretKey = secretKeyOf(config);
    const pollMs = this.options.pollMs ?? 500;
    let errors = 0;
    let lastFanOut = -Infinity;
    let fanOutMore = false;
    while (!this.abort.signal.aborted) {
      const since = this.options.changes?.generation ?? 0;
      let busy = false;
      let trickle = false;
      try {
        const mode = await this.beside(pollMs);
        if (mode === 'hold') {
          await this.pause(pollMs);
          continue;
        }
        trickle = mode === 'trickle';
        // A finished send wakes the loop for the next claim, not for a fan-out: that one write
        // transaction per poll (or back to back while more events wait) makes the rows of many events.
        if (fanOutMore || performance.now() - lastFanOut >= pollMs) {
          lastFanOut = performance.now();
          // While trickling, only the events of one claim (a big fan-out holds SQLite's one write lock
          // for long, and the worker's claims back off meanwhile); the rest fans out after the burst.
          fanOutMore = (await fanOutEvents({ db, state: this.state, limit: trickle ? concurrency : undefined })).more;
        }
        busy = fanOutMore;
        const free = concurrency - this.inFlight.size;
        if (free > 0) {
          // A claim outlasts the attempt's timeout, so only a dead sender's deliveries are taken over.
          const claimMs = Math.round(config.webhookTimeoutMs * 1.5) + 1000;
          const claimed = await claimDeliveries({ db, limit: free, claimMs });
          // One set of reads for the batch's bodies (three endpoints on one event share one).
          const bodies = claimed.length > 0 ? await deliveryBodies({ db, eventIds: claimed.map((d) => d.eventId), publicUrl: config.publicUrl }) : new Map<number, DeliveryBody>();
          for (const delivery of claimed) {
            const sending = sendDelivery({
              db,
              delivery,
              body: bodies.get(delivery.eventId) ?? null,
              secretKey,
              allowPrivate: config.webhookAllowPrivate,
              retryBaseMs: config.webhookRetryBaseMs,
              publicUrl: config.publicUrl,
              timeoutMs: config.webhookTimeoutMs,
              smtpUrl: config.smtpUrl,
              smtpFrom: config.smtpFrom,
            })
              .then((outcome) => this.options.observer?.deliveryAttempted?.(outcome))
              .catch((err: unknown) => logger.error({ err, deliveryId: delivery.id }, 'webhook delivery could not be recorded'))
              .finally(() => {
                this.inFlight.delete(sending);
                this.wakeRequested = true;
                this.wakeUp?.();
              });
            this.inFlight.add(sending);
            busy = true;
          }
        }
        errors = 0;
      } catch (err) {
        errors += 1;
        if (!this.abort.signal.aborted) logger.warn({ err }, 'webhook sender pass failed; backing off');
      }
      // A trickle beside a drain: one pass per poll, not one per finished send.
      const wait = errors > 0 ? Math.min(30_000, 500 * 2 ** errors) : busy && !trickle ? 20 : pollMs;
      // Idle in a worker: due retries and new events wait at most idleMs (a retry's time is not notified).
      const { changes, idleMs } = this.options;
      if (changes && errors === 0 && !busy && !trickle && this.inFlight.size === 0) await changes.idle(since, wait, idleMs ?? wait, this.abort.signal);
      else await this.pause(wait, errors === 0 && !trickle);
    }
  }

  /**
   * Sleeps `ms`, or until stop(); with `wakeable`, also until a send finishes (with
   * every slot in flight, waiting out the poll would cap a backlog at a few sends per poll).
   */
  private async pause(ms: number, wakeable = true): Promise<void> {
    if (this.abort.signal.aborted) return;
    if (wakeable && this.wakeRequested) {
      this.wakeRequested = false;
      return;
    }
    const woken = new AbortController();
    const stop = () => woken.abort();
    this.abort.signal.addEventListener('abort', stop, { once: true });
    if (wakeable) this.wakeUp = stop;
    await abortableSleep(ms, woken.signal);
    this.abort.signal.removeEventListener('abort', stop);
    this.wakeUp = null;
    this.wakeRequested = false;
  }

  /**
   * What this pass may do beside the worker: 'free' (no runs waiting: work at full speed),
   * 'hold' (runs waiting and nothing has waited past the bound: skip the pass), or
   * 'trickle' (runs waiting and something is overdue: one pass per poll, so a long burst
   * still delivers, and the rest catches up after it).
   */
  private async beside(pollMs: number): Promise<'free' | 'hold' | 'trickle'> {
    if (this.options.runsWaiting?.() !== true) return 'free';
    if (performance.now() < this.overdueUntil) return 'trickle';
    const bound = new Date(Date.now() - (this.options.maxDeferMs ?? maxDeferMs(this.options.config)));
    if (!(await webhookWorkDueSince(this.options.db, bound))) return 'hold';
    // Overdue work stays overdue until it is sent: ask again in a second, not every pass.
    this.overdueUntil = performance.now() + Math.max(pollMs, 1000);
    return 'trickle';
  }
}
