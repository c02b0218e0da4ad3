import { bootstrap } from '../server/bootstrap';
import { closeDatabase } from '../server/db';
import { CronboardWorker } from './worker';

export interface RunWorkerOptions {
  name?: string;
  concurrency?: number;
}

/**
 * Runs a worker until SIGTERM/SIGINT. The first signal stops it cleanly (the
 * Worker row is marked stopped); a second one exits at once.
 */
export async function runWorker(options: RunWorkerOptions = {}): Promise<void> {
  const { config, handle, logger } = await bootstrap('worker');
  const worker = new CronboardWorker({
    db: handle.db,
    config,
    logger,
    name: options.name,
    concurrency: options.concurrency,
    listenUrl: handle.provider === 'postgresql' ? handle.url : undefined,
  });
  await worker.start();

  await new Promise<void>((resolve) => {
    let stopping = false;
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
  await closeDatabase();
}
