// Task commands: list, show, create, update, delete (pause/resume/move: board.ts). Each parses
// its arguments, calls one service in server/tasks and prints the result. The services of
// the commands other than `list` are imported in their actions, so `cronboard list` loads
// only what it runs (task creation and validation, YAML, the chain reader: issue 16).
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { listTasks } from '../../server/tasks/list-tasks';
import { STATUS_TITLES } from '../../server/tasks/constants';
import type { TaskInput } from '../../server/tasks/schemas';
import type { TaskView } from '../../server/tasks/task-view';
import { yaml } from '../../server/lib/yaml';
import { cliDb, startCli } from '../database';
import { processIO, type CliIO } from '../io';
import { column } from './column';
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
        : task.scriptInterpreter
          ? `: ${task.scriptInterpreter} (inline script)`
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
  program
    .command('list')
    .description('list tasks in board order (Todo, In progress, In review, Done, Cancelled; then position)')
    .option('--status <column>', 'only the cards in this column')
    .option('--label <label>', 'only the tasks with this label')
    .option('--paused', 'only paused tasks')
    .option('--format <format>', 'table, json or yaml', 'table')
    .option('--json', 'print JSON (same as --format json)')
    .action(async (opts: { status?: string; label?: string; paused?: boolean; format: string; json?: boolean }) => {
      const format = opts.json ? 'json' : opts.format.trim().toLowerCase();
      if (!['table', 'json', 'yaml'].includes(format)) throw usageError(`--format: '${opts.format}' must be table, json or yaml`);
      const status = opts.status === undefined ? undefined : column('--status', opts.status);
      const tasks = await listTasks({ db: await cliDb(), status, label: opts.label, paused: opts.paused ? true : undefined });
      if (format === 'json') return io.stdout(json(tasks));
      if (format === 'yaml') return io.stdout(yaml().stringify(JSON.parse(JSON.stringify(tasks)) as unknown));
      io.stdout(formatTaskList(tasks));
    });

  jsonCommand(program, 'show', 'show one task (--json: every field, secrets masked)')
    .argument('<key>', 'task key')
    .action(async (key: string, opts: { json?: boolean }) => {
      const db = await cliDb();
      if (!opts.json) {
        const { getTask } = await import('../../server/tasks/get-task');
        return io.stdout(formatTask(await getTask({ db, key })));
      }
      const [{ getTaskDetail }, { listTaskChain }] = await Promise.all([
        import('../../server/tasks/get-task-detail'),
        import('../../server/triggers/list-task-chain'),
      ]);
      const [detail, chain] = await Promise.all([getTaskDetail({ db, key }), listTaskChain({ db, key })]);
      io.stdout(json({ ...detail, ...chain }));
    });

  addTaskFlags(
    program
      .command('create')
      .description('create a task: --key, --name, --schedule and one of --command, --http-url, --handler, --script')
      .addHelpText(
        'after',
        "\nExample:\n  cronboard create --key nightly-backup --name 'Nightly backup' --command './backup.sh' --schedule '0 2 * * *'",
      ),
  ).action(async (flags: TaskFlags) => {
    const patch = readTaskFlags(flags, 'create');
    const [{ createTask }, { taskSaveSettings }, { handlerOffered }, { cliActor }] = await Promise.all([
      import('../../server/tasks/create-task'),
      import('../../server/tasks/save-settings'),
      import('../../server/workers/handler-offered'),
      import('../actor'),
    ]);
    const { handle, config } = await startCli();
    const task = await namingFlags(
      createTask({
        db: handle.db,
        input: patch as TaskInput,
        actor: cliActor(),
        source: 'cli',
        ...taskSaveSettings(config),
      }),
      flags.on === undefined ? '--schedule' : '--on',
    );
    io.stdout(flags.json ? json(task) : `Created task ${task.key}.\n${formatTask(task)}`);
    if (task.handler) {
      const { liveWorkers, offering } = await handlerOffered({ db: handle.db, handler: task.handler, leaseSeconds: config.leaseSeconds });
      if (offering === 0)
        io.stderr(
          `cronboard: warning: no live worker offers handler '${task.handler}'` +
            (liveWorkers === 0 ? ' (no worker is running)' : ` (${liveWorkers} live worker(s) checked)`) +
            '; its runs wait in the queue until one does',
        );
    }
  });

  addTaskFlags(
    program
      .command('update')
      .description('change a task: only the flags given change (--key renames it)')
      .argument('<key>', 'task key'),
  ).action(async (key: string, flags: TaskFlags) => {
    const patch = readTaskFlags(flags, 'update');
    const [{ updateTask }, { taskSaveSettings }, { cliActor }] = await Promise.all([
      import('../../server/tasks/update-task'),
      import('../../server/tasks/save-settings'),
      import('../actor'),
    ]);
    const { handle, config } = await startCli();
    const task = await namingFlags(
      updateTask({ db: handle.db, key, patch, actor: cliActor(), ...taskSaveSettings(config) }),
      flags.on === undefined ? '--schedule' : '--on',
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
      const [{ getTask }, { deleteTask }, { cliActor }] = await Promise.all([
        import('../../server/tasks/get-task'),
        import('../../server/tasks/delete-task'),
        import('../actor'),
      ]);
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
}
