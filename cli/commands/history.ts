// Looking back and ahead: history (one task or all), next, stats, events [--follow].
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { listEvents, type EventView } from '../../server/events/list-events';
import { describeRunEnd } from '../../server/runs/run-end';
import { listRuns } from '../../server/runs/list-runs';
import type { RunListItem } from '../../server/runs/run-row';
import { RUN_TRIGGERS, RUN_PAGE_MAX } from '../../server/runs/schemas';
import { parseIsoInstant } from '../../server/schedules';
import { RUN_STATUSES } from '../../server/tasks/constants';
import { getTask } from '../../server/tasks/get-task';
import { getTaskStats, type TaskStats } from '../../server/tasks/get-task-stats';
import { listTasks } from '../../server/tasks/list-tasks';
import { cliDb } from '../database';
import { processIO, type CliIO } from '../io';
import { clip, duration, json, jsonCommand, table, usageError, utc, wholeNumber } from './format';

const FOLLOW_POLL_MS = 1000;

/** Runs as a table; across tasks (no key) with a TASK column. */
export function formatHistory(runs: RunListItem[], withTask: boolean): string {
  if (runs.length === 0) return 'No runs.';
  const head = ['ID', 'STATUS', 'ATTEMPT', 'TRIGGER', 'WORKER', 'SCHEDULED (UTC)', 'STARTED (UTC)', 'FINISHED (UTC)', 'EXIT', 'ERROR'];
  return table([
    withTask ? ['ID', 'TASK', ...head.slice(1)] : head,
    ...runs.map((r) => {
      const row = [
        String(r.id),
        r.status,
        String(r.attempt),
        r.trigger,
        r.workerName ?? '-',
        utc(r.scheduledFor),
        utc(r.startedAt),
        utc(r.finishedAt),
        r.exitCode !== null ? String(r.exitCode) : (r.signal ?? '-'),
        clip(r.error),
      ];
      return withTask ? [row[0]!, r.taskKey, ...row.slice(1)] : row;
    }),
  ]);
}

/** `--since`: an ISO date-time (UTC unless it says otherwise) or a span back from now: 30m, 24h, 7d. */
export function since(value: string, now: Date): Date {
  const span = /^(\d+)\s*(m|h|d|w)$/i.exec(value.trim());
  if (span) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[span[2]!.toLowerCase() as 'm' | 'h' | 'd' | 'w'];
    return new Date(now.getTime() - Number(span[1]) * unit);
  }
  const parsed = parseIsoInstant(value, 'UTC', '--since');
  if (!parsed.ok) throw usageError(`${parsed.error.message}, or a span such as 24h or 7d`);
  return parsed.value;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const v = value.trim().toLowerCase() as T;
  if (!allowed.includes(v)) throw usageError(`${flag}: '${value}' must be one of ${allowed.join(', ')}`);
  return v;
}

const percent = (rate: number | null) => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`);
const ms = (value: number | null) => (value === null ? '-' : duration(value));

function statsRow(label: string, s: TaskStats): string[] {
  return [label, String(s.outcomes), percent(s.successRate), ms(s.meanDurationMs), ms(s.p95DurationMs), s.lastFailure ? `${utc(s.lastFailure.at)} run ${s.lastFailure.runId}` : '-'];
}

function formatEvent(e: EventView): string {
  return `${utc(e.at)}  ${e.type.padEnd(20)} ${e.summary}`;
}

export function registerHistoryCommands(program: Command, io: CliIO = processIO): void {
  program
    .command('history')
    .description('past runs, newest first: of one task, or across all tasks')
    .argument('[key]', 'task key (omitted: every task)')
    .option('--status <status>', RUN_STATUSES.join(', '))
    .option('--trigger <trigger>', RUN_TRIGGERS.join(', '))
    .option('--since <when>', 'created at or after: ISO date-time (UTC) or a span back from now (30m, 24h, 7d)')
    .option('--limit <n>', `how many runs, 1-${RUN_PAGE_MAX}`, '20')
    .option('--json', 'print JSON')
    .action(async (key: string | undefined, opts: { status?: string; trigger?: string; since?: string; limit: string; json?: boolean }) => {
      const limit = wholeNumber('--limit', opts.limit, 1, RUN_PAGE_MAX);
      const filters = {
        taskKey: key,
        status: opts.status === undefined ? undefined : oneOf('--status', opts.status, RUN_STATUSES),
        trigger: opts.trigger === undefined ? undefined : oneOf('--trigger', opts.trigger, RUN_TRIGGERS),
        from: opts.since === undefined ? undefined : since(opts.since, new Date()),
      };
      const db = await cliDb();
      if (key !== undefined) await getTask({ db, key });
      const { items } = await listRuns({ db, filters, limit });
      io.stdout(opts.json ? json(items) : formatHistory(items, key === undefined));
    });

  jsonCommand(program, 'stats', 'success rate, mean and p95 duration and last failure: of one task, or overall and per task')
    .argument('[key]', 'task key (omitted: overall, then each task)')
    .action(async (key: string | undefined, opts: { json?: boolean }) => {
      const db = await cliDb();
      const head = ['TASK', 'OUTCOMES', 'SUCCESS', 'MEAN', 'P95', 'LAST FAILURE (UTC)'];
      if (key !== undefined) {
        const stats = await getTaskStats({ db, taskKey: key, recent: 0 });
        const { recent: _recent, ...figures } = stats;
        if (opts.json) return io.stdout(json({ taskKey: key, ...figures }));
        const failure = stats.lastFailure ? `\nLast failure: run ${stats.lastFailure.runId}, ${utc(stats.lastFailure.at)} UTC: ${clip(describeRunEnd({ exitCode: stats.lastFailure.exitCode, signal: null, error: stats.lastFailure.error }), 200)}` : '';
        return io.stdout(table([head, statsRow(key, stats)]) + failure);
      }
      const { recent: _recent, ...overall } = await getTaskStats({ db, recent: 0 });
      const tasks = [];
      for (const t of await listTasks({ db })) {
        const { recent: _r, ...figures } = await getTaskStats({ db, taskKey: t.key, recent: 0 });
        tasks.push({ taskKey: t.key, ...figures });
      }
      if (opts.json) return io.stdout(json({ overall, tasks }));
      io.stdout(table([head, statsRow('(all tasks)', { ...overall, recent: [] }), ...tasks.map((t) => statsRow(t.taskKey, { ...t, recent: [] }))]));
    });

  program
    .command('events')
    .description('the audit log, newest last: what happened, who did it')
    .option('--task <key>', 'only events of this task')
    .option('--type <type>', 'an event type (run.failed) or a family (run, run.*, task, worker)')
    .option('--limit <n>', 'how many of the latest events, 1-500', '50')
    .option('--follow', 'keep printing new events until interrupted (one JSON object per line with --json)')
    .option('--json', 'print JSON')
    .action(async (opts: { task?: string; type?: string; limit: string; follow?: boolean; json?: boolean }) => {
      const limit = wholeNumber('--limit', opts.limit, 1, 500);
      const db = await cliDb();
      if (opts.task !== undefined) await getTask({ db, key: opts.task });
      const filter = { taskKey: opts.task, type: opts.type };
      const latest = (await listEvents({ db, ...filter, limit })).items.reverse();
      if (opts.json && !opts.follow) return io.stdout(json(latest));
      const print = (e: EventView) => io.stdout(opts.json ? JSON.stringify(e) : formatEvent(e));
      latest.forEach(print);
      if (!opts.follow) {
        if (latest.length === 0) io.stdout('No events.');
        return;
      }
      let afterId = latest.at(-1)?.id ?? (await listEvents({ db, limit: 1 })).items[0]?.id ?? 0;
      for (;;) {
        await sleep(FOLLOW_POLL_MS);
        const { items } = await listEvents({ db, ...filter, afterId, limit: 500 });
        items.forEach(print);
        afterId = items.at(-1)?.id ?? afterId;
      }
    });
}
