import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Db } from '../server/db';
import { sqliteDataVersion } from '../server/queue/plan';

/** How often an idle SQLite worker looks for another connection's commit without a file event. */
export const DATA_VERSION_CHECK_MS = 250;

/**
 * SQLite only (PostgreSQL has LISTEN, listen.ts): "Run now" in the web app is
 * a commit by another connection, which writes the database's `-wal` file and
 * changes `PRAGMA data_version` on the worker's direct connection. A file
 * watch on the database's folder (inotify on Linux) checks data_version as
 * soon as one of the database's files changes, and wakes the loop when it
 * moved: the run starts within milliseconds instead of at the next poll
 * (POLL_INTERVAL_MS). The check also runs every DATA_VERSION_CHECK_MS, for
 * file systems whose watch misses writes of other hosts or containers; an
 * idle worker no longer wakes 40 times a second for it (checking every 25 ms
 * cost ~0.3-0.7 % of a core alone, docs/benchmarks.md). Any commit wakes it
 * (a heartbeat of another worker, a session touch): a pass that finds nothing
 * costs what a poll does, and writes nothing, so idle workers never wake each
 * other in a loop.
 */
export class DataVersionWake {
  private timer: NodeJS.Timeout | null = null;
  private watcher: FSWatcher | null = null;
  private last: number | null = null;
  private checkQueued = false;

  constructor(
    private readonly db: Db,
    /** The database file (its folder is watched; null or :memory:: the timer alone). */
    private readonly file: string | null,
    private readonly onChange: () => void,
  ) {}

  start(): void {
    this.last = sqliteDataVersion(this.db);
    if (this.last === null) return;
    if (this.file && this.file !== ':memory:') this.watchFolder(this.file);
    this.timer = setInterval(() => this.check(), DATA_VERSION_CHECK_MS);
    // Unref'd: it must not keep a wedged worker alive (run.ts's beforeExit guard catches that).
    this.timer.unref();
  }

  private watchFolder(file: string): void {
    const name = basename(file);
    try {
      this.watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
        // A commit writes several frames: one check per turn of the event loop.
        if ((changed === null || changed.startsWith(name)) && !this.checkQueued) {
          this.checkQueued = true;
          setImmediate(() => {
            this.checkQueued = false;
            this.check();
          });
        }
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      this.watcher = null; // no watch here: the timer alone
    }
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
    this.watcher?.close();
    this.watcher = null;
  }
}
