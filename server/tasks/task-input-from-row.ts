import type { Prisma } from '../../prisma/generated/sqlite/client';
import { priorityName } from './constants';
import type { TaskInput } from './schemas';
import { entriesForClient } from './stored-entries';
import type { taskInclude } from './task-view';

type TaskRow = Prisma.TaskGetPayload<{ include: typeof taskInclude }>;

const json = <T>(value: unknown): T | undefined => (value === null || value === undefined ? undefined : (value as T));
const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/**
 * A stored task as the input that would recreate it: what the edit form starts
 * from and what duplicate copies. Null columns become absent fields; secret
 * entries are `{ secret: true }` without their value (write-only).
 */
export function taskInputFromRow(row: TaskRow): TaskInput {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    kind: row.kind as TaskInput['kind'],
    command: opt(row.command),
    httpMethod: opt(row.httpMethod) as TaskInput['httpMethod'],
    httpUrl: opt(row.httpUrl),
    httpHeaders: entriesForClient(row.httpHeaders),
    httpBody: opt(row.httpBody),
    handler: opt(row.handler),
    payload: json<TaskInput['payload']>(row.payload),
    scriptBody: opt(row.scriptBody),
    scriptInterpreter: opt(row.scriptInterpreter),
    cwd: opt(row.cwd),
    env: entriesForClient(row.env),
    schedule: row.schedule,
    timezone: row.timezone,
    priority: priorityName(row.priority),
    maxRetries: row.maxRetries,
    retryBackoff: row.retryBackoff as TaskInput['retryBackoff'],
    retryDelaySeconds: row.retryDelaySeconds,
    retryMaxDelaySeconds: row.retryMaxDelaySeconds,
    retryJitter: row.retryJitter,
    timeoutSeconds: opt(row.timeoutSeconds),
    overlap: row.overlap as TaskInput['overlap'],
    maxInstances: row.maxInstances,
    misfire: row.misfire as TaskInput['misfire'],
    misfireGraceSeconds: row.misfireGraceSeconds,
    catchUpLimit: row.catchUpLimit,
    paused: row.paused,
    status: row.status as TaskInput['status'],
    labels: row.labels.map((l) => l.name),
    assignee: opt(row.assignee),
  };
}
