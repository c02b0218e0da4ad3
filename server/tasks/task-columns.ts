// The runtime's DbNull (the one both generated clients use), not the SQLite client's
// namespace: importing a generated client here would load it in PostgreSQL processes.
import { objectEnumValues } from '@prisma/client/runtime/client';
import type { Prisma } from '../../prisma/generated/sqlite/client';
import { AppError, type FieldIssue } from '../errors';
import type { Schedule } from '../schedules';
import { priorityValue } from './constants';
import type { ParsedTaskInput } from './schemas';
import { entriesToStore } from './stored-entries';

export interface TaskColumnsContext {
  /** The row being updated (its stored secrets can be kept), or the task being copied; null for a new task. */
  previous: { env: unknown; httpHeaders: unknown } | null;
  /** CRONBOARD_SECRET_KEY as bytes; null when none is configured (saving a secret then fails). */
  secretKey: Buffer | null;
}

/**
 * The one mapping from validated task input to the task's columns, used by
 * create and update alike. Fields of another kind are not stored (a shell task
 * has no headers, an http task no command), empty env/headers are null, and
 * secret entries are encrypted (BAD_REQUEST naming each one that cannot be). Json columns are plain values here (null for
 * none); prismaTaskData() turns them into what Prisma writes.
 */
export function taskColumns(input: ParsedTaskInput, schedule: Schedule, timezone: string, context: TaskColumnsContext) {
  const http = input.kind === 'http';
  const issues: FieldIssue[] = [];
  const httpHeaders = http
    ? entriesToStore('httpHeaders', input.httpHeaders, context.previous?.httpHeaders, context.secretKey, issues)
    : null;
  const env = entriesToStore('env', input.env, context.previous?.env, context.secretKey, issues);
  if (issues.length > 0) {
    throw new AppError('BAD_REQUEST', `Invalid task: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  return {
    key: input.key,
    name: input.name,
    description: input.description,
    kind: input.kind,
    command: input.kind === 'shell' ? (input.command ?? null) : null,
    httpMethod: http ? (input.httpMethod ?? 'GET') : null,
    httpUrl: http ? (input.httpUrl ?? null) : null,
    httpHeaders,
    httpBody: http ? (input.httpBody ?? null) : null,
    handler: input.kind === 'handler' ? (input.handler ?? null) : null,
    payload: input.payload ?? null,
    scriptBody: input.kind === 'script' ? (input.scriptBody ?? null) : null,
    scriptInterpreter: input.kind === 'script' ? (input.scriptInterpreter ?? null) : null,
    cwd: input.cwd ?? null,
    env,
    schedule: schedule.input,
    scheduleKind: schedule.kind,
    timezone,
    priority: priorityValue(input.priority),
    maxRetries: input.maxRetries,
    retryBackoff: input.retryBackoff,
    retryDelaySeconds: input.retryDelaySeconds,
    retryMaxDelaySeconds: input.retryMaxDelaySeconds,
    retryJitter: input.retryJitter,
    timeoutSeconds: input.timeoutSeconds ?? null,
    overlap: input.overlap,
    maxInstances: input.maxInstances,
    misfire: input.misfire,
    misfireGraceSeconds: input.misfireGraceSeconds,
    catchUpLimit: input.catchUpLimit,
    paused: input.paused,
    assignee: input.assignee ?? null,
  };
}

export type TaskColumns = ReturnType<typeof taskColumns>;

const jsonColumn = (value: unknown) => (value === null || value === undefined ? objectEnumValues.instances.DbNull : (value as Prisma.InputJsonValue));

/** The columns as Prisma data: a null Json column is SQL NULL (DbNull), for create and update alike. */
export function prismaTaskData(columns: TaskColumns) {
  return {
    ...columns,
    httpHeaders: jsonColumn(columns.httpHeaders),
    payload: jsonColumn(columns.payload),
    env: jsonColumn(columns.env),
  };
}
