// Task commands: list, show, create, update, delete, pause, resume. Each parses
// its arguments, calls one service in server/tasks and prints the result.
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { createTask } from '../../server/tasks/create-task';
import { deleteTask } from '../../server/tasks/delete-task';
import { getTask } from '../../server/tasks/get-task';
import { listTasks } from '../../server/tasks/list-tasks';
import { pauseTask } from '../../server/tasks/pause-task';
import { resumeTask } from '../../server/tasks/resume-task';
import { updateTask } from '../../server/tasks/update-task';
import { STATUS_TITLES } from '../../server/tasks/constants';
import type { TaskInput } from '../../server/tasks/schemas';
import type { TaskView } from '../../server/tasks/task-view';
import { taskSaveSettings } from '../../server/tasks/save-settings';
import { cliActor } from '../actor';
import { cliDb, startCli } from '../database';
import { processIO, type CliIO } from '../io';
import { json, jsonCommand, table, usageError } from './format';
import { addTaskFlags, namingFlags, readTaskFlags, type TaskFlags } from './task-flags';

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

export function formatTask(task: TaskView): string {
  const what = task.command
    ? `: ${task.command}`
    : task.httpUrl
      ? `: ${task.httpMethod} ${task.httpUrl}`
      : task.handler
        ? `: ${task.handler}`
        : '';
  return [
    `${task.name} (${task.key})`,
    `  column:    ${STATUS_TITLES[task.status]}${task.paused ? ' (paused)' : ''}`,
    `  kind:      ${task.kind}${what}`,
    `  schedule:  ${task.schedule} (${task.scheduleDescription})`,
    `  timezone:  ${task.timezone}`,
    `  priority:  ${task.priority}`,
    `  next run:  ${task.paused ? 'paused' : (task.nextRunAt?.toISOString() ?? '-')}`,
    `  last run:  ${task.lastRunAt ? `${task.lastRunAt.toISOString()} ${task.lastRunStatus ?? ''}` : '-'}`,
    `  labels:    ${task.labels.map((l) => l.name).join(', ') || '-'}`,
  ].join('\n');
}

/** Asks on the terminal; false when the answer is not yes. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function registerTaskCommands(program: Command, io: CliIO = processIO): void {
  jsonCommand(program, 'list', 'list tasks in board order').action(async (opts: { json?: boolean }) => {
    const tasks = await listTasks({ db: await cliDb() });
    io.stdout(opts.json ? json(tasks) : formatTaskList(tasks));
  });

  jsonCommand(program, 'show', 'show one task')
    .argument('<key>', 'task key')
    .action(async (key: string, opts: { json?: boolean }) => {
      const task = await getTask({ db: await cliDb(), key });
      io.stdout(opts.json ? json(task) : formatTask(task));
    });

  addTaskFlags(
    program
      .command('create')
      .description('create a task: --key, --name, --schedule and one of --command, --http-url, --handler')
      .addHelpText(
        'after',
        "\nExample:\n  cronboard create --key nightly-backup --name 'Nightly backup' --command './backup.sh' --schedule '0 2 * * *'",
      ),
  ).action(async (flags: TaskFlags) => {
    const patch = readTaskFlags(flags, 'create');
    const { handle, config } = await startCli();
    const task = await namingFlags(
      createTask({
        db: handle.db,
        input: patch as TaskInput,
        actor: cliActor(),
        source: 'cli',
        ...taskSaveSettings(config),
      }),
    );
    io.stdout(flags.json ? json(task) : `Created task ${task.key}.\n${formatTask(task)}`);
  });

  addTaskFlags(
    program
      .command('update')
      .description('change a task: only the flags given change (--key renames it)')
      .argument('<key>', 'task key'),
  ).action(async (key: string, flags: TaskFlags) => {
    const patch = readTaskFlags(flags, 'update');
    const { handle, config } = await startCli();
    const task = await namingFlags(
      updateTask({ db: handle.db, key, patch, actor: cliActor(), ...taskSaveSettings(config) }),
    );
    io.stdout(flags.json ? json(task) : `Updated task ${task.key} (version ${task.version}).\n${formatTask(task)}`);
  });

  program
    .command('delete')
    .description('delete a task with its run history (asks first unless --yes)')
    .argument('<key>', 'task key')
    .option('--yes', 'do not ask')
    .option('--force', 'also when a run is running: cancel it first')
    .option('--json', 'print JSON')
    .action(async (key: string, opts: { yes?: boolean; force?: boolean; json?: boolean }) => {
      const db = await cliDb();
      const task = await getTask({ db, key });
      if (!opts.yes) {
        if (!process.stdin.isTTY) throw usageError(`not deleting '${key}' without --yes: there is no terminal to ask on`);
        if (!(await confirm(`Delete task '${task.key}' (${task.name}) and its run history?`))) {
          io.stderr('Not deleted.');
          process.exitCode = 1;
          return;
        }
      }
      const result = await deleteTask({ db, key, actor: cliActor(), force: opts.force });
      const cancelled =
        result.cancelRequested.length > 0 ? `; cancel requested for running run(s) ${result.cancelRequested.join(', ')}` : '';
      io.stdout(opts.json ? json(result) : `Deleted task ${result.key} and ${result.runs} run(s)${cancelled}.`);
    });

  jsonCommand(program, 'pause', 'suspend the schedule of a task (its card stays where it is)')
    .argument('<key>', 'task key')
    .action(async (key: string, opts: { json?: boolean }) => {
      const task = await pauseTask({ db: await cliDb(), key, actor: cliActor() });
      io.stdout(opts.json ? json(task) : `Paused ${task.key}: no scheduled runs until it is resumed.`);
    });

  jsonCommand(program, 'resume', 'resume the schedule of a paused task from now (missed fire times are not run)')
    .argument('<key>', 'task key')
    .action(async (key: string, opts: { json?: boolean }) => {
      const task = await resumeTask({ db: await cliDb(), key, actor: cliActor() });
      const next = task.nextRunAt ? `next run at ${task.nextRunAt.toISOString()}` : 'no scheduled run';
      io.stdout(opts.json ? json(task) : `Resumed ${task.key}: ${next}.`);
    });
}
