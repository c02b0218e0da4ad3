import type { Config } from '../config';
import type { Db } from '../db';
import type { Logger } from '../lib/logger';
import type { ConsumerState } from '../events/event-consumer';
import { abortableSleep } from '../lib/abortable-sleep';
import { BackgroundLoop } from '../lib/background-loop';
import type { ChangeSignal } from '../lib/change-signal';
import { checkAlerts, missedGraceMs } from './check-alerts';
import { evaluateAlertEvents } from './evaluate-events';

export interface AlertEvaluatorOptions {
  db: Db;
  config: Config;
  logger: Logger;
  /** How often new events are judged (default 2 s). */
  eventsMs?: number;
  /** How often running and scheduled tasks are checked, and reminders sent (default 30 s). */
  checkMs?: number;
  /** The missed-run grace (default missedGraceMs(POLL_INTERVAL_MS)). */
  graceMs?: number;
  /** In a worker: its change signal; an idle evaluator then judges events only after a change, or every `idleMs`. */
  changes?: ChangeSignal;
  idleMs?: number;
}

/**
 * The alert evaluator, in every worker (a side task) and in the web process
 * (started from instrumentation-node.ts, so missed runs are caught with every
 * worker down). Its own timer; never awaited by a worker's loop; errors are
 * logged and backed off. Every instance may run at once: the passes are
 * serialized in the database and idempotent.
 */
export class AlertEvaluator extends BackgroundLoop {
  private readonly state: ConsumerState = { cursor: null };

  constructor(private readonly options: AlertEvaluatorOptions) {
    super();
  }

  protected async loop(): Promise<void> {
    const { db, config, logger } = this.options;
    const eventsMs = this.options.eventsMs ?? 2_000;
    const checkMs = this.options.checkMs ?? 30_000;
    const graceMs = this.options.graceMs ?? missedGraceMs(config.pollIntervalMs);
    let lastCheck = 0;
    let errors = 0;
    while (!this.abort.signal.aborted) {
      const since = this.options.changes?.generation ?? 0;
      let more = false;
      try {
        more = (await evaluateAlertEvents({ db, state: this.state })).more;
        if (Date.now() - lastCheck >= checkMs) {
          lastCheck = Date.now();
          await checkAlerts({ db, graceMs });
        }
        errors = 0;
      } catch (err) {
        errors += 1;
        if (!this.abort.signal.aborted) logger.warn({ err }, 'alert evaluation failed; backing off');
      }
      const wait = errors > 0 ? Math.min(30_000, 500 * 2 ** errors) : more ? 10 : Math.min(eventsMs, checkMs);
      const { changes, idleMs } = this.options;
      if (changes && errors === 0 && !more) {
        // Idle: the next events pass waits for a change (or idleMs), the next check keeps its time.
        const untilCheck = Math.max(0, lastCheck + checkMs - Date.now());
        await changes.idle(since, Math.min(wait, untilCheck), Math.min(idleMs ?? eventsMs, untilCheck), this.abort.signal);
      } else await abortableSleep(wait, this.abort.signal);
    }
  }
}
