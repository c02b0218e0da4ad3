// Board commands: move (the same service as a drag on the board), and pause /
// resume of one task, all tasks or the tasks with a label.
import type { Command } from 'commander';
import type { Actor } from '../../server/auth/actor';
import type { Db } from '../../server/db';
import { moveTask } from '../../server/board/move-task';
import { getTask } from '../../server/tasks/get-task';
import { listTasks } from '../../server/tasks/list-tasks';
import { pauseTask } from '../../server/tasks/pause-task';
import { resumeTask } from '../../server/tasks/resume-task';
import { STATUS_TITLES } from '../../server/tasks/constants';
import type { TaskView } from '../../server/tasks/task-view';
import { cliActor } from '../actor';
import { cliDb } from '../database';
import { processIO, type CliIO } from '../io';
import { column } from './column';
import { json, jsonCommand, usageError } from './format';

interface MoveFlags {
  before?: string;
  after?: string;
  top?: boolean;
  bottom?: boolean;
  cancelRunning?: boolean;
  json?: boolean;
}

interface BulkFlags {
  all?: boolean;
  label?: string;
  json?: boolean;
}

/** The keys `pause`/`resume` act on: the one given, or every task (with the label). */
async function targets(verb: string, key: string | undefined, flags: BulkFlags): Promise<string[]> {
  if (key !== undefined && (flags.all || flags.label !== undefined))
    throw usageError(`${verb}: give a task key or --all/--label, not both`);
  if (key !== undefined) return [key];
  if (!flags.all && flags.label === undefined) throw usageError(`${verb}: give a task key, --all or --label L`);
  const tasks = await listTasks({ db: await cliDb(), label: flags.label, paused: verb === 'resume' });
  return tasks.map((t) => t.key);
}

export function registerBoardCommands(program: Command, io: CliIO = processIO): void {
  jsonCommand(program, 'move', 'move a card to a column, as a drag on the board does (same effects and events)')
    .argument('<key>', 'task key')
    .argument('<column>', 'todo, in_progress, in_review, done or cancelled')
    .option('--before <key>', 'place it just above this card')
    .option('--after <key>', 'place it just below this card')
    .option('--top', 'place it at the top of the column')
    .option('--bottom', 'place it at the bottom of the column (the default)')
    .option('--cancel-running', 'to Done/Cancelled: also cancel a running run')
    .addHelpText(
      'after',
      '\nTo Done/Cancelled stops the schedule and cancels queued runs; back to Todo resumes from now; to In progress runs it now.',
    )
    .action(async (key: string, columnName: string, flags: MoveFlags) => {
      const toStatus = column('COLUMN', columnName);
      const placements = [flags.before !== undefined, flags.after !== undefined, flags.top, flags.bottom].filter(Boolean);
      if (placements.length > 1) throw usageError('give at most one of --before, --after, --top and --bottom');
      const db = await cliDb();
      const task = await getTask({ db, key });
      let beforeKey = flags.before ?? null;
      if (flags.top) {
        const first = (await listTasks({ db, status: toStatus })).find((t) => t.key !== task.key);
        beforeKey = first?.key ?? null;
      }
      for (const [flag, neighbour] of [
        ['--before', beforeKey],
        ['--after', flags.after],
      ] as const) {
        if (!neighbour) continue;
        const other = await getTask({ db, key: neighbour });
        if (other.status !== toStatus)
          throw usageError(`${flag}: '${neighbour}' is in ${STATUS_TITLES[other.status]}, not in ${STATUS_TITLES[toStatus]}`);
      }
      const result = await moveTask({
        db,
        key,
        toStatus,
        beforeKey,
        afterKey: flags.after ?? null,
        expectedBoardVersion: task.boardVersion,
        cancelRunning: flags.cancelRunning,
        actor: cliActor(),
      });
      if (flags.json) return io.stdout(json(result));
      const lines = [`Moved ${key} from ${STATUS_TITLES[task.status]} to ${STATUS_TITLES[toStatus]}.`];
      if (result.queuedRunId !== null) lines.push(`Queued run ${result.queuedRunId}.`);
      if (result.cancelledRunIds.length > 0) lines.push(`Cancelled queued run(s) ${result.cancelledRunIds.join(', ')}.`);
      if (result.cancelRequestedRunIds.length > 0)
        lines.push(`Cancel requested for running run(s) ${result.cancelRequestedRunIds.join(', ')}.`);
      io.stdout(lines.join('\n'));
    });

  bulkCommand(program, io, {
    verb: 'pause',
    description: 'suspend the schedule of a task, of every task (--all) or of those with a label (their cards stay where they are)',
    which: '',
    act: pauseTask,
    one: (key) => `Paused ${key}: no scheduled runs until it is resumed.`,
    none: 'No task to pause.',
    done: 'Paused',
  });
  bulkCommand(program, io, {
    verb: 'resume',
    description: 'resume the schedule of a paused task (or --all, --label) from now: missed fire times are not run',
    which: 'paused ',
    act: resumeTask,
    one: (key, task) => `Resumed ${key}: ${task?.nextRunAt ? `next run at ${task.nextRunAt.toISOString()}` : 'no scheduled run'}.`,
    none: 'No paused task to resume.',
    done: 'Resumed',
  });
}

/** `pause` and `resume`: one task, every task (--all) or those with a label, through the one-task service. */
function bulkCommand(
  program: Command,
  io: CliIO,
  spec: {
    verb: 'pause' | 'resume';
    description: string;
    /** `paused ` for resume: --all means every paused task. */
    which: string;
    act: (options: { db: Db; key: string; actor: Actor }) => Promise<TaskView>;
    one: (key: string, task: TaskView | undefined) => string;
    none: string;
    done: string;
  },
): void {
  jsonCommand(program, spec.verb, spec.description)
    .argument('[key]', 'task key')
    .option('--all', `every ${spec.which}task`)
    .option('--label <label>', `the ${spec.which}tasks with this label`)
    .action(async (key: string | undefined, flags: BulkFlags) => {
      const keys = await targets(spec.verb, key, flags);
      const db = await cliDb();
      const tasks: TaskView[] = [];
      for (const k of keys) tasks.push(await spec.act({ db, key: k, actor: cliActor() }));
      if (flags.json) return io.stdout(json(key !== undefined ? tasks[0] : tasks));
      if (key !== undefined) return io.stdout(spec.one(key, tasks[0]));
      io.stdout(tasks.length === 0 ? spec.none : `${spec.done} ${tasks.length} task(s): ${keys.join(', ')}.`);
    });
}
