import type { Db } from '../db';
import type { WriteTx } from '../db/write-transaction';
import { AppError } from '../errors';
import { taskInclude } from './task-view';

type TaskReader = Pick<Db, 'task'> | WriteTx;

/** The one "no such task" error: a 404 naming the key. */
export function taskNotFound(key: string): AppError {
  return new AppError('NOT_FOUND', `No task with key '${key}'`);
}

/** The task by key with what its views read (taskInclude), or NOT_FOUND. */
export async function findTaskOrThrow(db: TaskReader, key: string) {
  const row = await db.task.findUnique({ where: { key }, include: taskInclude });
  if (!row) throw taskNotFound(key);
  return row;
}

/** Only the task's id, for queries about its runs, or NOT_FOUND. */
export async function findTaskIdOrThrow(db: TaskReader, key: string): Promise<number> {
  const row = await db.task.findUnique({ where: { key }, select: { id: true } });
  if (!row) throw taskNotFound(key);
  return row.id;
}
