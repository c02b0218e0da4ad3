// Commands about the whole installation: next, workers, prune.
import type { Command } from 'commander';
import { pruneHistory, DEFAULT_KEEP_PER_TASK } from '../../server/runs/prune-history';
import { getTask } from '../../server/tasks/get-task';
import { listUpcoming, MAX_UPCOMING, type UpcomingRun } from '../../server/tasks/list-upcoming';
import { listWorkers, type WorkerView } from '../../server/workers/list-workers';
import { cliDb, startCli } from '../database';
import { processIO, type CliIO } from '../io';
import { duration, json, jsonCommand, table, utc, wholeNumber } from './format';

export function formatUpcoming(runs: UpcomingRun[], now: Date): string {
  if (runs.length === 0) return 'Nothing scheduled: no active task has a next fire time.';
  return table([
    ['WHEN (UTC)', 'IN', 'TASK', 'PRIORITY', 'SCHEDULE'],
    ...runs.map((r) => [
      utc(r.at),
      r.overdue ? `overdue ${duration(now.getTime() - r.at.getTime())}` : duration(r.at.getTime() - now.getTime()),
      r.taskKey,
      r.priority,
      r.schedule,
    ]),
  ]);
}

export function formatWorkers(workers: WorkerView[], now: Date): string {
  if (workers.length === 0) return 'No workers. Start one with: cronboard worker';
  return table([
    ['NAME', 'STATE', 'HOST', 'PID', 'CONCURRENCY', 'RUNS', 'LAST HEARTBEAT', 'STARTED (UTC)', 'VERSION'],
    ...workers.map((w) => [
      w.name,
      w.lost && w.state !== 'lost' ? `${w.state} (lost)` : w.state,
      w.host,
      String(w.pid),
      String(w.concurrency),
      String(w.runsInHand),
      `${duration(now.getTime() - w.lastHeartbeatAt.getTime())} ago`,
      utc(w.startedAt),
      w.version,
    ]),
  ]);
}

export function registerOverviewCommands(program: Command, io: CliIO = processIO): void {
  program
    .command('next')
    .description('the next fire times across all active tasks')
    .option('--task <key>', "only this task's fire times")
    .option('--count <n>', `how many, 1-${MAX_UPCOMING}`, '10')
    .option('--json', 'print JSON')
    .action(async (opts: { task?: string; count: string; json?: boolean }) => {
      const count = wholeNumber('--count', opts.count, 1, MAX_UPCOMING);
      const now = new Date();
      const db = await cliDb();
      if (opts.task !== undefined) await getTask({ db, key: opts.task });
      const upcoming = await listUpcoming({ db, count, taskKey: opts.task, now });
      io.stdout(opts.json ? json(upcoming) : formatUpcoming(upcoming, now));
    });

  jsonCommand(program, 'workers', 'worker processes: active, draining, lost, and those stopped in the last day').action(
    async (opts: { json?: boolean }) => {
      const { handle, config } = await startCli();
      const now = new Date();
      const workers = await listWorkers({ db: handle.db, leaseSeconds: config.leaseSeconds, now });
      io.stdout(opts.json ? json(workers) : formatWorkers(workers, now));
    },
  );

  program
    .command('prune')
    .description(
      `delete finished runs and logs older than HISTORY_RETENTION_DAYS, keeping the newest ${DEFAULT_KEEP_PER_TASK} of each task`,
    )
    .option('--dry-run', 'only count what would be deleted')
    .option('--json', 'print JSON')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      const { handle, config } = await startCli();
      const result = await pruneHistory({ db: handle.db, retentionDays: config.historyRetentionDays, dryRun: opts.dryRun });
      if (opts.json)
        return io.stdout(json({ ...result, dryRun: Boolean(opts.dryRun), retentionDays: config.historyRetentionDays }));
      const verb = opts.dryRun ? 'Would delete' : 'Deleted';
      io.stdout(
        `${verb} ${result.runs} run(s) and ${result.logs} log chunk(s) created before ${utc(result.cutoff)} UTC ` +
          `(${config.historyRetentionDays} days; the newest ${DEFAULT_KEEP_PER_TASK} runs of each task and unfinished runs stay).`,
      );
    });
}
