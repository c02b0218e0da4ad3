import { isDeepStrictEqual } from 'node:util';
import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { AppError } from '../errors';
import { nextFireTimes, scheduleAnchor } from '../schedules';
import { recordEvent } from '../events/record-event';
import type { Actor } from '../auth/actor';
import { isStoppedColumn, priorityName, type TaskKind } from './constants';
import { taskInputSchema, type TaskInput } from './schemas';
import { toTaskView, taskInclude, type TaskView } from './task-view';
import { assertNoTriggerCycle } from '../triggers/assert-no-cycle';
import { prismaTaskData, taskColumns } from './task-columns';
import { entriesForClient } from './stored-entries';
import { loadTaskForWrite } from './load-task-for-write';
import { validateTaskInput } from './validate-task-input';
import { assertMayChangeTaskFields } from './definition-fields';
import { assertNotManagedElsewhere } from './managed-task';

/**
 * Fields to change; absent fields stay as they are, `null` clears a field back to its
 * default. The column (`status`) is not here: moving a card has board effects (move-task).
 */
export type TaskPatch = { [K in Exclude<keyof TaskInput, 'status'>]?: TaskInput[K] | null };

export interface UpdateTaskOptions {
  db: Db;
  key: string;
  patch: TaskPatch;
  actor: Actor;
  /** Timezone for schedules that name none (CRONBOARD_TIMEZONE). */
  defaultTimezone: string;
  /** ALLOWED_WORKDIRS: a cwd outside them is refused (omitted: not checked at save). */
  allowedWorkdirs?: string[];
  /** CRONBOARD_SECRET_KEY as bytes (secretKeyOf(config)); without it a secret entry cannot be saved. */
  secretKey?: Buffer | null;
  /** The version the caller read; a newer one in the database is a CONFLICT. */
  expectedVersion?: number;
  /** The job file applying this change (`cronboard apply`, the jobs sync): it may change a YAML-managed task's definition. */
  jobFile?: string;
  now?: Date;
}

type TaskRow = Prisma.TaskGetPayload<{ include: typeof taskInclude }>;

// Switching kind drops what only the old kind used, unless the patch sets it again.
const KIND_FIELDS: Record<TaskKind, (keyof TaskPatch)[]> = {
  shell: ['command'],
  http: ['httpMethod', 'httpUrl', 'httpHeaders', 'httpBody'],
  handler: ['handler'],
  script: ['scriptBody', 'scriptInterpreter'],
};
const SCHEDULE_COLUMNS = new Set(['schedule', 'scheduleKind', 'timezone', 'paused']);

function currentInput(row: TaskRow): Record<string, unknown> {
  const { labels, priority, ...columns } = row;
  const input: Record<string, unknown> = { priority: priorityName(priority), labels: labels.map((l) => l.name) };
  for (const field of Object.keys(taskInputSchema.shape)) {
    if (field in columns && field !== 'priority' && field !== 'labels') {
      const value = (columns as Record<string, unknown>)[field];
      // Stored secrets come back as "keep the stored value", never as ciphertext to re-store.
      if (field === 'env' || field === 'httpHeaders') input[field] = entriesForClient(value);
      else if (value !== null) input[field] = value;
    }
  }
  return input;
}

/**
 * Changes some fields of a task with the validation of createTask, bumping its
 * version. A changed schedule, timezone or pause flag recomputes nextRunAt from
 * now while the task is active. Records task.updated with the changed field names.
 */
export async function updateTask(options: UpdateTaskOptions): Promise<TaskView> {
  return writeTransaction(options.db, (tx) => updateTaskIn(tx, options));
}

/** updateTask inside a write transaction the caller holds. */
export async function updateTaskIn(tx: WriteTx, options: Omit<UpdateTaskOptions, 'db'>): Promise<TaskView> {
  if ('status' in options.patch) {
    throw new AppError('BAD_REQUEST', 'The column cannot be changed by an update: move the card instead', {
      issues: [{ path: 'status', message: 'use move' }],
    });
  }
  const now = options.now ?? new Date();
  const row = await loadTaskForWrite(tx, options.key, options.expectedVersion);

  const merged = currentInput(row);
  if (options.patch.kind && options.patch.kind !== row.kind) {
    for (const field of KIND_FIELDS[row.kind as TaskKind] ?? []) delete merged[field];
  }
  for (const [field, value] of Object.entries(options.patch)) {
    if (value === null) delete merged[field];
    else if (value !== undefined) merged[field] = value;
  }
  const { input, timezone, schedule } = validateTaskInput(merged, options.defaultTimezone, {
    allowedWorkdirs: options.allowedWorkdirs,
  });

  const data = taskColumns(input, schedule, timezone, { previous: row, secretKey: options.secretKey ?? null });
  if (data.schedule !== row.schedule || data.key !== row.key) await assertNoTriggerCycle(tx, data.key, schedule, row.key);
  const changed: string[] = Object.entries(data)
    .filter(([column, value]) => !isDeepStrictEqual((row as Record<string, unknown>)[column] ?? null, value))
    .map(([column]) => column);
  const labels = [...new Set(input.labels)];
  const labelsChanged = !isDeepStrictEqual([...labels].sort(), row.labels.map((l) => l.name).sort());
  if (labelsChanged) changed.push('labels');
  if (changed.length === 0) return toTaskView(row);
  assertMayChangeTaskFields(options.actor, changed);
  assertNotManagedElsewhere(row, changed, options.jobFile);

  if (data.key !== row.key && (await tx.task.findUnique({ where: { key: data.key }, select: { id: true } }))) {
    throw new AppError('CONFLICT', `A task with key '${data.key}' already exists`, {
      issues: [{ path: 'key', message: 'is already taken' }],
    });
  }
  const active = !data.paused && !isStoppedColumn(row.status);
  const scheduling: { nextRunAt?: Date | null; scheduleAnchorAt?: Date } = {};
  if (changed.some((c) => SCHEDULE_COLUMNS.has(c))) {
    const once = schedule.kind === 'once' ? schedule.at : null;
    if (active && once && once.getTime() <= now.getTime() && changed.some((c) => c !== 'paused' && SCHEDULE_COLUMNS.has(c))) {
      const message = `the one-time date ${once.toISOString()} is in the past (use 'now' to run it right away)`;
      throw new AppError('INVALID_SCHEDULE', `Invalid schedule '${input.schedule}': ${message}`, {
        issues: [{ path: 'schedule', message }],
      });
    }
    const anchor = scheduleAnchor(schedule, now);
    scheduling.nextRunAt = active ? (nextFireTimes(schedule, now, 1, { anchor })[0] ?? null) : null;
    scheduling.scheduleAnchorAt = anchor;
  }

  for (const name of labelsChanged ? labels : []) {
    await tx.label.upsert({ where: { name }, create: { name }, update: {} });
  }
  let task: TaskRow;
  try {
    task = await tx.task.update({
      // Guarded by the version read above: a concurrent writer makes this miss (P2025).
      where: { id: row.id, version: row.version },
      data: {
        ...prismaTaskData(data),
        ...scheduling,
        version: { increment: 1 },
        updatedBy: options.actor.name,
        ...(labelsChanged ? { labels: { set: labels.map((name) => ({ name })) } } : {}),
      },
      include: taskInclude,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'P2025') {
      throw new AppError('CONFLICT', `Task '${row.key}' was changed by someone else while saving; reload it and try again`, {
        cause: error,
      });
    }
    throw error;
  }
  await recordEvent({
    db: tx,
    type: 'task.updated',
    actor: options.actor,
    taskId: task.id,
    taskKey: task.key,
    payload: { changed, version: task.version, ...(task.key !== row.key ? { previousKey: row.key } : {}) },
  });
  return toTaskView(task);
}
