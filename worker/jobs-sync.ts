import { watch, type FSWatcher } from 'node:fs';
import type { Actor } from '../server/auth/actor';
import { isAppError } from '../server/errors';
import { applyJobs } from '../server/jobs/apply-jobs';
import { displayPath } from '../server/jobs/display-path';
import { loadJobFiles } from '../server/jobs/load-job-files';
import { formatProblem } from '../server/jobs/problems';
import { recordJobsSyncOutcome } from '../server/jobs/sync-status';
import { claimMaintenance } from '../server/queue/claim-maintenance';
import { taskSaveSettings } from '../server/tasks/save-settings';
import type { WorkerDeps } from './worker-deps';

/**
 * `debounceMs`: changes closer together than this are applied once.
 * `claimMs`: one worker at a time: the marker row is taken for this long per
 * sync, and a worker that finds it taken tries again just after. It bounds
 * how late a second worker's retry can hold up the next edit (at 1000 ms an
 * edit took a median 2.0 s to apply with two workers; see docs/benchmarks.md).
 * Mutable for scripts/bench-jobs-watch.ts only.
 */
export const JOBS_SYNC_TIMING = { debounceMs: 300, claimMs: 250 };

export interface JobsSyncOptions extends WorkerDeps {
  workerId: string;
  actor: Actor;
}

/**
 * The jobs folder (config jobsDir), applied with prune at start and on every
 * change under it (debounced). One worker at a time across the fleet takes
 * the sync (the marker row retention uses); a worker that finds it taken tries
 * again a moment later, so a change seen only by it is not lost, and the apply
 * itself is serialized and idempotent: nothing is ever doubled. A broken file
 * is left out (its tasks stay as they are) while the others apply; its
 * problems go to a jobs.sync_failed event and the board's banner.
 */
export class JobsSync {
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dir: string,
    private readonly options: JobsSyncOptions,
  ) {}

  async start(): Promise<void> {
    try {
      this.watcher = watch(this.dir, { recursive: true }, () => this.schedule(JOBS_SYNC_TIMING.debounceMs));
      this.watcher.on('error', (err) => this.options.logger.warn({ err, dir: this.dir }, 'cannot watch the jobs folder'));
    } catch (err) {
      this.options.logger.warn({ err, dir: this.dir }, 'cannot watch the jobs folder; applied at start only');
    }
    await this.syncNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.syncNow(), delayMs);
  }

  /** One sync at a time in this process; a change during one is applied right after it. */
  private async syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.sync()
      .catch((err: unknown) => {
        this.options.logger.error({ err, dir: this.dir }, 'jobs folder sync failed; will try again on the next change');
        this.schedule(5000);
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        }
      });
    return this.running;
  }

  private async sync(): Promise<void> {
    const { db, config, logger, workerId } = this.options;
    // The folder is the operator's configuration: its files define tasks, as an editor would.
    const actor: Actor = { ...this.options.actor, role: 'editor' };
    const { claimMs } = JOBS_SYNC_TIMING;
    if (!(await claimMaintenance({ db, job: 'job-files:sync', everyMs: claimMs, workerId }))) {
      this.schedule(claimMs + 50);
      return;
    }
    const settings = taskSaveSettings(config);
    const folder = displayPath(this.dir);
    let problems: string[];
    try {
      const jobs = loadJobFiles({
        paths: [this.dir],
        defaultTimezone: settings.defaultTimezone,
        allowedWorkdirs: settings.allowedWorkdirs,
      });
      const result = await applyJobs({ db, jobs, actor, ...settings, prune: true, skipBroken: true });
      const { create, adopt, update, delete: deleted } = result.plan;
      if (create.length + adopt.length + update.length + deleted.length > 0) {
        logger.info(
          { folder, create, adopt: adopt.map((a) => a.key), update: update.map((u) => u.key), delete: deleted },
          'applied the jobs folder',
        );
      }
      problems = result.problems.map(formatProblem);
    } catch (err) {
      if (!isAppError(err)) throw err;
      problems = [err.message];
    }
    if (problems.length > 0) logger.warn({ folder, problems }, 'jobs folder has problems; those files were left as they were');
    await recordJobsSyncOutcome({ db, folder, problems, actor });
  }
}
