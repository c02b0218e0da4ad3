import type { Config } from '../config';
import type { Db } from '../db';
import type { Logger } from '../lib/logger';
import type { WorkerObserver } from '../metrics/worker-metrics';
import { abortableSleep } from '../lib/abortable-sleep';
import { BackgroundLoop } from '../lib/background-loop';
import type { ChangeSignal } from '../lib/change-signal';
import { secretKeyOf } from '../secrets/crypto';
import { claimDeliveries } from './claim-deliveries';
import { fanOutEvents, type FanOutState } from './fan-out-events';
import { sendDelivery } from './send-delivery';

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
    let errors = 0;
    while (!this.abort.signal.aborted) {
      const since = this.options.changes?.generation ?? 0;
      let busy = false;
      try {
        const fanned = await fanOutEvents({ db, state: this.state });
        busy = fanned.more;
        const free = concurrency - this.inFlight.size;
        if (free > 0) {
          // A claim outlasts the attempt's timeout, so only a dead sender's deliveries are taken over.
          const claimMs = Math.round(config.webhookTimeoutMs * 1.5) + 1000;
          for (const delivery of await claimDeliveries({ db, limit: free, claimMs })) {
            const sending = sendDelivery({
              db,
              delivery,
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
              .finally(() => this.inFlight.delete(sending));
            this.inFlight.add(sending);
            busy = true;
          }
        }
        errors = 0;
      } catch (err) {
        errors += 1;
        if (!this.abort.signal.aborted) logger.warn({ err }, 'webhook sender pass failed; backing off');
      }
      const wait = errors > 0 ? Math.min(30_000, 500 * 2 ** errors) : busy ? 20 : (this.options.pollMs ?? 500);
      // Idle in a worker: due retries and new events wait at most idleMs (a retry's time is not notified).
      const { changes, idleMs } = this.options;
      if (changes && errors === 0 && !busy && this.inFlight.size === 0) await changes.idle(since, wait, idleMs ?? wait, this.abort.signal);
      else await abortableSleep(wait, this.abort.signal);
    }
  }
}
