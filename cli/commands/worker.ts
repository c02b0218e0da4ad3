import { InvalidArgumentError, type Command } from 'commander';
import { runWorker } from '../../worker/run';

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`'${value}' is not a whole number ≥ 1`);
  return n;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run a worker until SIGTERM/SIGINT')
    .option('--concurrency <n>', 'runs at once (default WORKER_CONCURRENCY)', parsePositiveInt)
    .option('--name <name>', 'worker name (default host-pid)')
    .action(async (opts: { concurrency?: number; name?: string }) => {
      await runWorker({ concurrency: opts.concurrency, name: opts.name });
    });
}
