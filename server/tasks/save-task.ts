import type { Db } from '../db';
import type { Actor } from '../auth/actor';
import { taskInputSchema, type TaskInput } from './schemas';
import type { TaskView } from './task-view';
import { updateTask } from './update-task';

export interface SaveTaskOptions {
  db: Db;
  key: string;
  /** The whole form: fields it leaves out are cleared (back to their defaults). */
  input: TaskInput;
  actor: Actor;
  defaultTimezone: string;
  allowedWorkdirs?: string[];
  secretKey?: Buffer | null;
  /** The version the caller read (omitted: no check). */
  expectedVersion?: number;
  now?: Date;
}

/**
 * Saves the edit form: every field as given, absent ones cleared, the column
 * left alone (moving a card is the board's job). Same validation and version
 * check as updateTask.
 */
export async function saveTask(options: SaveTaskOptions): Promise<TaskView> {
  const patch: Record<string, unknown> = {};
  for (const field of Object.keys(taskInputSchema.shape)) {
    if (field === 'status') continue;
    const value = (options.input as Record<string, unknown>)[field];
    patch[field] = value === undefined ? null : value;
  }
  return updateTask({
    db: options.db,
    key: options.key,
    patch: patch,
    actor: options.actor,
    defaultTimezone: options.defaultTimezone,
    allowedWorkdirs: options.allowedWorkdirs,
    secretKey: options.secretKey,
    expectedVersion: options.expectedVersion,
    now: options.now,
  });
}
