/**
 * Work a worker does BESIDE its loop, never inside a pass: retention (prune
 * old history and events), the jobs-folder sync, the webhook sender and the
 * alert evaluator. Each side task owns its timers and is never awaited by the loop,
 * so however long it takes, the loop keeps claiming runs and renewing leases.
 *
 * The one place they start: CronboardWorker.start() builds the list with
 * sideTasksFor() once the loop runs, and stop() stops them after the runs
 * in hand settled. A new side task: a class with start()/stop(), one line in
 * sideTasksFor().
 */
import { resolve } from 'node:path';
import type { Actor } from '../server/auth/actor';
import type { ChangeSignal } from '../server/lib/change-signal';
import { AlertEvaluator, type AlertEvaluatorOptions } from '../server/alerts/alert-evaluator';
import { clearJobsSyncStatus } from '../server/jobs/sync-status';
import type { WorkerObserver } from '../server/metrics/worker-metrics';
import { EventTriggers } from './event-triggers';
import { Retention, type RetentionSettings } from './retention';
import { WebhookSender } from '../server/webhooks/webhook-sender';
import type { WorkerDeps } from './worker-deps';

export interface SideTask {
  /** Starts its own timers or watchers; may do a first round of work (not awaited by the loop). */
  start(): void | Promise<void>;
  /** Stops its timers and waits for work under way (a prune stops between batches). */
  stop(): Promise<void>;
}

export interface SideTaskContext extends WorkerDeps {
  workerId: string;
  actor: Actor;
  retention?: RetentionSettings;
  /** false: no webhook sender (a test that starts its own). Default on. */
  webhooks?: boolean;
  /** Whether the worker has runs waiting: its webhook sender holds back meanwhile (runs come first). */
  runsWaiting?: () => boolean;
  /** The worker's metrics: the webhook sender counts its attempts there. */
  observer?: WorkerObserver;
  /** false: no alert evaluator; or its clock (tests). Default on. */
  alerts?: false | Pick<AlertEvaluatorOptions, 'eventsMs' | 'checkMs' | 'graceMs'>;
  /** The worker's change signal: an idle side task waits for it (or at most idleMs) instead of polling at its usual pace. */
  changes?: ChangeSignal;
  idleMs?: number;
}

export function sideTasksFor(context: SideTaskContext): SideTask[] {
  const { config } = context;
  const tasks: SideTask[] = [new Retention({ ...context, ...context.retention })];
  tasks.push(new EventTriggers(context));
  if (config.jobsDir) tasks.push(new JobsFolderSync(resolve(config.jobsDir), context));
  else tasks.push(clearStaleJobsBanner(context));
  if (context.webhooks !== false) tasks.push(new WebhookSender(context));
  if (context.alerts !== false) tasks.push(new AlertEvaluator({ ...context, ...context.alerts }));
  return tasks;
}

/**
 * The jobs-folder sync (./jobs-sync.ts), imported when it starts: the job-file
 * parser and YAML (~300 KB) are not loaded by a worker that syncs no folder,
 * nor before a worker's first claim (issue 16).
 */
class JobsFolderSync implements SideTask {
  private sync: Promise<SideTask> | null = null;

  constructor(
    private readonly dir: string,
    private readonly context: SideTaskContext,
  ) {}

  start(): Promise<void> {
    this.sync = import('./jobs-sync').then(({ JobsSync }) => new JobsSync(this.dir, this.context));
    return this.sync.then((sync) => sync.start());
  }

  async stop(): Promise<void> {
    if (this.sync) await (await this.sync).stop();
  }
}

/** No folder synced any more: a banner about its last sync would be stale. */
function clearStaleJobsBanner({ db, logger }: SideTaskContext): SideTask {
  return {
    start: () => clearJobsSyncStatus({ db }).catch((err: unknown) => logger.warn({ err }, 'cannot clear the jobs sync status')),
    stop: async () => {},
  };
}

/** Starts each side task; a failing start is logged and the others go on. */
export function startSideTasks(tasks: SideTask[], logger: WorkerDeps['logger']): void {
  for (const task of tasks) {
    const failed = (err: unknown) => logger.error({ err, task: task.constructor.name }, 'a side task of the worker failed to start');
    try {
      // Started at once (a stop right after finds it started), never awaited.
      void Promise.resolve(task.start()).catch(failed);
    } catch (err) {
      failed(err);
    }
  }
}

export async function stopSideTasks(tasks: SideTask[]): Promise<void> {
  await Promise.all(tasks.map((t) => t.stop()));
}
