import type { Db } from '../db';
import { AppError } from '../errors';
import type { Actor } from '../auth/actor';
import type { TaskSource } from './constants';
import { createTask } from './create-task';
import { taskInputFromRow } from './task-input-from-row';
import type { TaskView } from './task-view';
import { findTaskOrThrow } from './find-task';

export interface DuplicateTaskOptions {
  db: Db;
  key: string;
  actor: Actor;
  source: TaskSource;
  defaultTimezone: string;
  allowedWorkdirs?: string[];
  secretKey?: Buffer | null;
  now?: Date;
}

const MAX_KEY = 80;
const MAX_NAME = 200;

/** `key-copy`, then `key-copy-2`, `key-copy-3`, ...: the first one not taken, within the key length limit. */
async function freeCopyKey(db: Db, key: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = key.slice(0, MAX_KEY - suffix.length) + suffix;
    if (!(await db.task.findUnique({ where: { key: candidate }, select: { id: true } }))) return candidate;
  }
  throw new AppError('CONFLICT', `Task '${key}' has too many copies already; rename some first`);
}

/**
 * Copies a task under a new key (`key-copy`) with "(copy)" after its name, in
 * Todo, with the same schedule and policies; its runs are not copied. Goes
 * through createTask, so the copy gets the same validation and a task.created
 * event; stored secrets are copied as they are (still encrypted).
 */
export async function duplicateTask(options: DuplicateTaskOptions): Promise<TaskView> {
  const row = await findTaskOrThrow(options.db, options.key);
  const input = taskInputFromRow(row);
  const suffix = ' (copy)';
  const copy = {
    ...input,
    key: await freeCopyKey(options.db, row.key),
    name: row.name.slice(0, MAX_NAME - suffix.length) + suffix,
    status: 'todo' as const,
  };
  return createTask({
    db: options.db,
    input: copy,
    actor: options.actor,
    source: options.source,
    defaultTimezone: options.defaultTimezone,
    allowedWorkdirs: options.allowedWorkdirs,
    secretKey: options.secretKey,
    copyOf: row,
    now: options.now,
  });
}
