import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { AppError, StaleVersionError } from '../errors';
import type { EventPayload, EventType } from '../events/catalogue';
import { recordEvent } from '../events/record-event';
import { taskInclude } from './task-view';
import { findTaskOrThrow } from './find-task';

/**
 * Inside a write transaction: the task by key, refusing a stale expectedVersion
 * (optimistic concurrency). One place for the NOT_FOUND and CONFLICT messages.
 */
export async function loadTaskForWrite(tx: WriteTx, key: string, expectedVersion?: number) {
  const row = await findTaskOrThrow(tx, key);
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new StaleVersionError(
      `Task '${row.key}' was changed by someone else (version ${row.version}, you had ${expectedVersion}); reload it and try again`,
    );
  }
  return row;
}

type LoadedTask = Awaited<ReturnType<typeof loadTaskForWrite>>;

/** What a write to one task by key takes (pause, resume, detach). */
export interface TaskWriteOptions {
  db: Db;
  key: string;
  actor: Actor;
  expectedVersion?: number;
}

/** One write transaction around the task loadTaskForWrite reads: `fn` decides and writes (updateLoadedTask). */
export function writeLoadedTask<R>(options: TaskWriteOptions, fn: (tx: WriteTx, row: LoadedTask) => Promise<R>): Promise<R> {
  return writeTransaction(options.db, async (tx) => fn(tx, await loadTaskForWrite(tx, options.key, options.expectedVersion)));
}

export interface UpdateLoadedTaskOptions<T extends EventType> {
  actor: Actor;
  /** What is being done, for the conflict message: "pausing". */
  doing: string;
  event: { type: T; payload: (version: number) => EventPayload<T> };
}

/**
 * Inside the same write transaction: writes `data` to the task loadTaskForWrite
 * read, only if nobody wrote it since (its version; CONFLICT otherwise), bumps
 * the version, records the event with the new version, and returns the task.
 */
export async function updateLoadedTask<T extends EventType>(
  tx: WriteTx,
  row: LoadedTask,
  data: Prisma.TaskUpdateManyMutationInput,
  options: UpdateLoadedTaskOptions<T>,
) {
  const { count } = await tx.task.updateMany({
    where: { id: row.id, version: row.version },
    data: { ...data, version: { increment: 1 }, updatedBy: options.actor.name },
  });
  if (count !== 1) throw new AppError('CONFLICT', `Task '${row.key}' was changed by someone else while ${options.doing}; try again`);
  await recordEvent({
    db: tx,
    type: options.event.type,
    actor: options.actor,
    taskId: row.id,
    taskKey: row.key,
    payload: options.event.payload(row.version + 1),
  });
  return tx.task.findUniqueOrThrow({ where: { id: row.id }, include: taskInclude });
}
