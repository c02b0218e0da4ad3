import { randomBytes } from 'node:crypto';
import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { AppError } from '../errors';
import { queueRuns } from '../queue/queue-runs';
import { createTask } from '../tasks/create-task';
import { keyFromName } from '../tasks/schemas';
import type { TaskView } from '../tasks/task-view';
import type { QuickAddInput } from './schemas';

export interface QuickAddTaskOptions {
  db: Db;
  input: QuickAddInput;
  actor: Actor;
  defaultTimezone: string;
  now?: Date;
}

/**
 * The board's inline "add a card": a shell task from a name, a command and a
 * schedule, landing at the end of the given column. The key comes from the
 * name as the task form proposes it (`keyFromName`; `task` when the name has
 * no letter or digit), with a short suffix when taken. Like a drag there, adding into In
 * progress queues a manual run.
 */
export async function quickAddTask(options: QuickAddTaskOptions): Promise<TaskView> {
  const base = keyFromName(options.input.name) || 'task';
  for (let attempt = 0; ; attempt++) {
    const key = attempt === 0 ? base : `${base}-${randomBytes(2).toString('hex')}`;
    try {
      const task = await createTask({
        db: options.db,
        input: {
          key,
          name: options.input.name,
          kind: 'shell',
          command: options.input.command,
          schedule: options.input.schedule ?? 'manual',
          status: options.input.status,
        },
        actor: options.actor,
        source: 'ui',
        defaultTimezone: options.defaultTimezone,
        now: options.now,
      });
      if (task.status === 'in_progress')
        await queueRuns({ db: options.db, task: { id: task.id }, trigger: 'manual', actor: options.actor, now: options.now });
      return task;
    } catch (error) {
      const keyTaken = error instanceof AppError && error.code === 'CONFLICT' && error.issues.some((i) => i.path === 'key');
      if (!keyTaken || attempt >= 4) throw error;
    }
  }
}
