import type { Actor } from '../../../server/auth/actor';
import type { Db } from '../../../server/db';
import { createTask, type CreateTaskOptions } from '../../../server/tasks/create-task';
import type { TaskInput } from '../../../server/tasks/schemas';

export interface CreateShellTaskOptions {
  actor: Actor;
  source: CreateTaskOptions['source'];
  /** The clock createTask reads (default: now). */
  now?: Date;
}

/**
 * The service tests' task: a shell task running `true`, named after its key, in
 * UTC, created through createTask (so defaults, the schedule and task.created
 * are the real ones). `input` overrides any field.
 */
export function createShellTask(db: Db, input: Partial<TaskInput> & { key: string }, options: CreateShellTaskOptions) {
  return createTask({
    db,
    input: { name: input.key, kind: 'shell', command: 'true', ...input },
    actor: options.actor,
    source: options.source,
    defaultTimezone: 'UTC',
    now: options.now,
  });
}
