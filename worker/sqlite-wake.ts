import type { Db } from '../server/db';
import { sqliteDataVersion } from '../server/queue/plan';

/** How often an idle SQLite worker looks for another connection's commit. */
export const DATA_VERSION_CHECK_MS = 25;

/**
 * SQLite only (PostgreSQL has LISTEN, listen.ts): "Run now" in the web app is
 * a commit by another connection, which changes `PRAGMA data_version` on the
 * worker's direct connection. Checking it every DATA_VERSION_CHECK_MS and
 * waking the loop on a change starts the run within ~25 ms instead of at the
 * next poll (POLL_INTERVAL_MS), for a shared-memory read per check: the idle
 * worker's CPU stays far under 1% of a core (docs/benchmarks.md). Any commit
 * wakes it (a heartbeat of another worker, a session touch): a pass that finds
 * nothing costs what a poll does, and writes nothing, so idle workers never
 * wake each other in a loop.
 */
export class DataVersionWake {
  private timer: NodeJS.Timeout | null = null;
  private last: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly onChange: () => void,
  ) {}

  start(): void {
    this.last = sqliteDataVersion(this.db);
    if (this.last === null) return;
    this.timer = setInterval(() => this.check(), DATA_VERSION_CHECK_MS);
    // Unref'd: it must not keep a wedged worker alive (run.ts's beforeExit guard catches that).
    this.timer.unref();
  }

  private check(): void {
    let now: number | null;
    try {
      now = sqliteDataVersion(this.db);
    } catch {
      return; // the file is gone or busy: the loop's own passes report that
    }
    if (now === null || now === this.last) return;
    this.last = now;
    this.onChange();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
