import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { AppError } from '../errors';
import { nextFireTimes, scheduleAnchor } from '../schedules';
import { recordEvent } from '../events/record-event';
import type { Actor } from '../auth/actor';
import { isStoppedColumn, type TaskSource } from './constants';
import type { TaskInput } from './schemas';
import { toTaskView, taskInclude, type TaskView } from './task-view';
import { assertNoTriggerCycle } from '../triggers/assert-no-cycle';
import { prismaTaskData, taskColumns } from './task-columns';
import { nextPositionAtEnd } from './positions';
import { validateTaskInput } from './validate-task-input';

export interface CreateTaskOptions {
  db: Db;
  input: TaskInput;
  actor: Actor;
  source: TaskSource;
  /** source yaml: the job file that defines the task. */
  sourcePath?: string;
  /** Timezone for schedules that name none (CRONBOARD_TIMEZONE). */
  defaultTimezone: string;
  /** ALLOWED_WORKDIRS: a cwd outside them is refused (omitted: not checked at save). */
  allowedWorkdirs?: string[];
  /** CRONBOARD_SECRET_KEY as bytes (secretKeyOf(config)); without it a secret entry cannot be saved. */
  secretKey?: Buffer | null;
  /** Duplicate: the task copied, whose stored secrets the copy keeps. */
  copyOf?: { env: unknown; httpHeaders: unknown };
  /** Config defaultMaxRetries / defaultRetryDelaySeconds: used when the input sets none. */
  taskDefaults?: { maxRetries?: number; retryDelaySeconds?: number };
  now?: Date;
}

/** Validates a new task, computes its first fire time and stores it with a task.created event. */
export async function createTask(options: CreateTaskOptions): Promise<TaskView> {
  return writeTransaction(options.db, (tx) => createTaskIn(tx, options));
}

/** createTask inside a write transaction the caller holds (`cronboard apply` writes many tasks in one). */
export async function createTaskIn(tx: WriteTx, options: Omit<CreateTaskOptions, 'db'>): Promise<TaskView> {
  const given = {
    ...options.input,
    maxRetries: options.input.maxRetries ?? options.taskDefaults?.maxRetries,
    retryDelaySeconds: options.input.retryDelaySeconds ?? options.taskDefaults?.retryDelaySeconds,
  };
  const { input, timezone, schedule } = validateTaskInput(given, options.defaultTimezone, {
    allowedWorkdirs: options.allowedWorkdirs,
  });
  await assertNoTriggerCycle(tx, input.key, schedule);
  const now = options.now ?? new Date();
  const active = !input.paused && !isStoppedColumn(input.status);
  const once = schedule.kind === 'once' ? schedule.at : null;
  if (active && once && once.getTime() <= now.getTime()) {
    const message = `the one-time date ${once.toISOString()} is in the past (use 'now' to run it right away)`;
    throw new AppError('INVALID_SCHEDULE', `Invalid schedule '${input.schedule}': ${message}`, {
      issues: [{ path: 'schedule', message }],
    });
  }
  const anchor = scheduleAnchor(schedule, now);
  const nextRunAt = active ? (nextFireTimes(schedule, now, 1, { anchor })[0] ?? null) : null;
  const columns = taskColumns(input, schedule, timezone, {
    previous: options.copyOf ?? null,
    secretKey: options.secretKey ?? null,
  });

  const existing = await tx.task.findUnique({ where: { key: input.key }, select: { id: true } });
  if (existing) {
    throw new AppError('CONFLICT', `A task with key '${input.key}' already exists`, {
      issues: [{ path: 'key', message: 'is already taken' }],
    });
  }
  const task = await tx.task.create({
    data: {
      ...prismaTaskData(columns),
      scheduleAnchorAt: anchor,
      status: input.status,
      position: await nextPositionAtEnd(tx, input.status),
      nextRunAt,
      createdBy: options.actor.name,
      updatedBy: options.actor.name,
      source: options.source,
      sourcePath: options.sourcePath ?? null,
      labels: {
        connectOrCreate: input.labels.map((name) => ({ where: { name }, create: { name } })),
      },
    },
    include: taskInclude,
  });
  await recordEvent({
    db: tx,
    type: 'task.created',
    actor: options.actor,
    taskId: task.id,
    taskKey: task.key,
    payload: { name: task.name, schedule: task.schedule, status: task.status, source: options.source },
  });
  return toTaskView(task);
}
