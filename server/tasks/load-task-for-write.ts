import type { WriteTx } from '../db/write-transaction';
import { AppError, StaleVersionError } from '../errors';
import { taskInclude } from './task-view';

/**
 * Inside a write transaction: the task by key, refusing a stale expectedVersion
 * (optimistic concurrency). One place for the NOT_FOUND and CONFLICT messages.
 */
export async function loadTaskForWrite(tx: WriteTx, key: string, expectedVersion?: number) {
  const row = await tx.task.findUnique({ where: { key }, include: taskInclude });
  if (!row) throw new AppError('NOT_FOUND', `No task with key '${key}'`);
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new StaleVersionError(
      `Task '${row.key}' was changed by someone else (version ${row.version}, you had ${expectedVersion}); reload it and try again`,
    );
  }
  return row;
}
