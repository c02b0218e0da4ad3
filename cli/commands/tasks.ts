import type { Command } from 'commander';
import { bootstrap } from '../../server/bootstrap';
import { getTask } from '../../server/tasks/get-task';
import { listTasks } from '../../server/tasks/list-tasks';
import { STATUS_TITLES } from '../../server/tasks/constants';
import type { TaskView } from '../../server/tasks/task-view';
import { processIO, type CliIO } from '../io';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function formatTaskList(tasks: TaskView[]): string {
  if (tasks.length === 0) return 'No tasks.';
  return table([
    ['KEY', 'NAME', 'COLUMN', 'PRIORITY', 'SCHEDULE', 'NEXT RUN (UTC)'],
    ...tasks.map((t) => [
      t.key,
      t.name,
      STATUS_TITLES[t.status],
      t.priority,
      t.schedule,
      t.paused ? 'paused' : (t.nextRunAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '-'),
    ]),
  ]);
}

export function registerTaskCommands(program: Command, io: CliIO = processIO): void {
  program
    .command('list')
    .description('list tasks in board order')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { handle } = await bootstrap('cli', { seed: false });
      const tasks = await listTasks({ db: handle.db });
      io.stdout(opts.json ? JSON.stringify(tasks, null, 2) : formatTaskList(tasks));
    });

  program
    .command('show')
    .description('show one task')
    .argument('<key>', 'task key')
    .option('--json', 'print JSON')
    .action(async (key: string, opts: { json?: boolean }) => {
      const { handle } = await bootstrap('cli', { seed: false });
      const task = await getTask({ db: handle.db, key });
      if (opts.json) return io.stdout(JSON.stringify(task, null, 2));
      io.stdout(
        [
          `${task.name} (${task.key})`,
          `  column:    ${STATUS_TITLES[task.status]}${task.paused ? ' (paused)' : ''}`,
          `  kind:      ${task.kind}${task.command ? `: ${task.command}` : task.httpUrl ? `: ${task.httpMethod} ${task.httpUrl}` : task.handler ? `: ${task.handler}` : ''}`,
          `  schedule:  ${task.schedule} (${task.scheduleDescription})`,
          `  timezone:  ${task.timezone}`,
          `  priority:  ${task.priority}`,
          `  next run:  ${task.nextRunAt?.toISOString() ?? '-'}`,
          `  last run:  ${task.lastRunAt ? `${task.lastRunAt.toISOString()} ${task.lastRunStatus ?? ''}` : '-'}`,
          `  labels:    ${task.labels.map((l) => l.name).join(', ') || '-'}`,
        ].join('\n'),
      );
    });
}
