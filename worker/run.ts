import { bootstrap } from '../server/bootstrap';
import { checkDatabaseFile, closeDatabase } from '../server/db';
import type { WorkerMetricsServer } from './metrics-server';
import { CronboardWorker } from './worker';

export interface RunWorkerOptions {
  name?: string;
  concurrency?: number;
}

/** Exit status of a worker that stopped because of a failure (systemd restarts it). */
export const EXIT_WORKER_FAILED = 1;
/** How long a worker whose database file went away waits for its runs to be killed before it exits. */
const FAILED_STOP_MS = 5_000;

/**
 * Runs a worker until SIGTERM/SIGINT. The first signal stops it cleanly (the
 * Worker row is marked stopped); a second one exits at once. It never ends
 * with status 0 except after such a stop:
 * - SQLite: when the database file it holds is deleted or replaced (checked at
 *   the heartbeat's pace), it logs why, kills its runs and exits 1, so the
 *   service manager restarts it against the file now at the path;
 * - if its event loop ever runs dry while it is running (a database call that
 *   can never settle, as with the SQLite adapter's leaked transaction lock,
 *   prisma/orm#29933), Node would exit 0: it exits 1 instead, saying so.
 */
export async function runWorker(options: RunWorkerOptions = {}): Promise<void> {
  const { config, handle, logger } = await bootstrap('worker');
  let metricsServer: WorkerMetricsServer | null = null;
  // The metrics port opens before the worker exists (a port in use refuses the start).
  const made: { worker?: CronboardWorker } = {};
  if (config.metricsPort !== undefined) {
    // Loaded only with METRICS_PORT: prom-client is ~12 MiB of a worker's RSS.
    const { createWorkerMetricsServer } = await import('./metrics-server');
    metricsServer = createWorkerMetricsServer({
      db: handle.db,
      config,
      logger,
      port: config.metricsPort,
      slots: () => ({ busy: made.worker?.runsInHand ?? 0, concurrency: made.worker?.concurrency ?? config.workerConcurrency }),
      alive: () => made.worker?.state !== 'stopped',
    });
    await metricsServer.listen().catch((err: unknown) => {
      throw new Error(`METRICS_PORT: cannot listen on port ${config.metricsPort} (${err instanceof Error ? err.message : String(err)})`);
    });
  }
  const worker = new CronboardWorker({
    db: handle.db,
    config,
    logger,
    name: options.name,
    concurrency: options.concurrency,
    listenUrl: handle.provider === 'postgresql' ? handle.url : undefined,
    observer: metricsServer?.metrics,
  });
  made.worker = worker;
  await worker.start();

  let stopping = false;
  const fail = (message: string, details: Record<string, unknown> = {}) => {
    if (stopping) return;
    stopping = true;
    logger.error({ ...details, exitCode: EXIT_WORKER_FAILED }, message);
    // Whatever happens next (the stop may hang on the same database), the status is not 0.
    process.exitCode = EXIT_WORKER_FAILED;
    const stopped = worker.forceStop().catch(() => undefined);
    const deadline = new Promise((resolve) => setTimeout(resolve, FAILED_STOP_MS));
    void Promise.race([stopped, deadline]).finally(() => process.exit(EXIT_WORKER_FAILED));
  };
  const onDrained = () => fail('the worker stopped making progress (its event loop ran dry while running); exiting so it is restarted');
  process.on('beforeExit', onDrained);
  // Unref'd: it must not keep a wedged process alive, the beforeExit guard is what catches that.
  const fileCheck = setInterval(() => {
    const problem = checkDatabaseFile(handle);
    if (problem) fail(`${problem.reason}: stopping the worker`, { code: problem.code });
  }, Math.max(1000, (config.leaseSeconds * 1000) / 3));
  fileCheck.unref();

  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: killing running runs and exiting');
        void worker.forceStop().finally(() => process.exit(130));
        return;
      }
      stopping = true;
      logger.info({ signal }, 'signal received: stopping the worker');
      void worker
        .stop(signal)
        .catch((err: unknown) => logger.error({ err }, 'error while stopping'))
        .finally(() => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          resolve();
        });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  clearInterval(fileCheck);
  process.off('beforeExit', onDrained);
  await metricsServer?.close();
  await closeDatabase();
}
