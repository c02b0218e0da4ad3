import { dirname } from 'node:path';
import type { Actor } from '../auth/actor';
import type { Config } from '../config';
import type { Db } from '../db';
import { AppError } from '../errors';
import { createTask } from '../tasks/create-task';
import { deleteTask } from '../tasks/delete-task';
import { taskSaveSettings } from '../tasks/save-settings';
import { workdirProblem } from '../tasks/workdir-rule';

// The schedule-server API's task types as Cronboard tasks, both ways: `create`
// makes a shell or script task through createTask (its validation, schedule
// parser, events), and `list` reads the type back from the task itself, so
// nothing about the old API is stored beside the task.

export const SCHEDULE_SERVER_TYPES = ['command', 'test', 'script', 'custom'] as const;
export type ScheduleServerType = (typeof SCHEDULE_SERVER_TYPES)[number];

export interface ScheduleServerCreate {
  task_id: string;
  type: ScheduleServerType;
  interval: string;
  command?: string;
  file_path?: string;
  custom_script?: string;
}

export interface ScheduleServerTaskOptions {
  db: Db;
  config: Config;
  actor: Actor;
  now?: Date;
}

/** Single-quoted for /bin/sh, so any file name is one argument. */
const shellQuoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

const TEST_PREFIX = 'python3 -m pytest ';
const SCRIPT_PREFIX = 'python3 ';

function bad(field: string, message: string): AppError {
  return new AppError('BAD_REQUEST', `${field}: ${message}`, { issues: [{ path: field, message }] });
}

/** The file of a test/script task: required, absolute, inside ALLOWED_WORKDIRS (the save-time workdir rule). */
function allowedFile(filePath: string | undefined, allowedWorkdirs: string[]): string {
  if (filePath === undefined || filePath.trim() === '') throw bad('file_path', 'is required for this type');
  if (!filePath.startsWith('/')) throw bad('file_path', 'must be an absolute path');
  const problem = workdirProblem(filePath, allowedWorkdirs);
  if (problem) throw bad('file_path', problem);
  return filePath;
}

/** What the task runs for each type: a shell command line, or (custom) an inline python3 script. */
function definitionOf(request: ScheduleServerCreate, allowedWorkdirs: string[]) {
  switch (request.type) {
    case 'command':
      if (!request.command?.trim()) throw bad('command', 'is required for type command');
      return { kind: 'shell' as const, command: request.command };
    case 'test': {
      const file = allowedFile(request.file_path, allowedWorkdirs);
      return { kind: 'shell' as const, command: `${TEST_PREFIX}${shellQuoted(file)}`, cwd: dirname(file) };
    }
    case 'script': {
      const file = allowedFile(request.file_path, allowedWorkdirs);
      return { kind: 'shell' as const, command: `${SCRIPT_PREFIX}${shellQuoted(file)}`, cwd: dirname(file) };
    }
    case 'custom':
      if (!request.custom_script?.trim()) throw bad('custom_script', 'is required for type custom');
      return { kind: 'script' as const, scriptBody: request.custom_script, scriptInterpreter: 'python3' };
  }
}

/** `create`: a task keyed by task_id, scheduled by interval (any schedule Cronboard reads). */
export async function scheduleServerCreate(options: ScheduleServerTaskOptions & { request: ScheduleServerCreate }) {
  const { request } = options;
  return createTask({
    db: options.db,
    input: { key: request.task_id, name: request.task_id, schedule: request.interval, ...definitionOf(request, options.config.allowedWorkdirs) },
    actor: options.actor,
    source: 'api',
    ...taskSaveSettings(options.config),
    now: options.now,
  });
}

export async function scheduleServerRemove(options: ScheduleServerTaskOptions & { taskId: string }) {
  return deleteTask({ db: options.db, key: options.taskId, actor: options.actor, now: options.now });
}

export interface ScheduleServerDetails {
  type: ScheduleServerType;
  interval: string;
  command: string | null;
  file_path: string | null;
  custom_script: string | null;
  next_run: Date | null;
  created_at: Date;
}

const unquoted = (text: string) => (/^'(?:[^']|'\\'')*'$/.test(text) ? text.slice(1, -1).replaceAll(`'\\''`, "'") : text);

/** A shell or script task as the schedule server's details (its type read from what it runs). */
function detailsOf(row: { kind: string; command: string | null; scriptBody: string | null; scriptInterpreter: string | null; schedule: string; nextRunAt: Date | null; createdAt: Date }): ScheduleServerDetails {
  const base = { interval: row.schedule, command: null, file_path: null, custom_script: null, next_run: row.nextRunAt, created_at: row.createdAt };
  if (row.kind === 'script') return { ...base, type: 'custom', custom_script: row.scriptBody };
  const command = row.command ?? '';
  if (command.startsWith(TEST_PREFIX)) return { ...base, type: 'test', file_path: unquoted(command.slice(TEST_PREFIX.length)) };
  if (command.startsWith(SCRIPT_PREFIX) && !command.startsWith(`${SCRIPT_PREFIX}-`)) return { ...base, type: 'script', file_path: unquoted(command.slice(SCRIPT_PREFIX.length)) };
  return { ...base, type: 'command', command };
}

/** `list`: every shell and script task (what the schedule server's types become), by key. */
export async function scheduleServerList(options: { db: Db }) {
  const rows = await options.db.task.findMany({
    where: { kind: { in: ['shell', 'script'] } },
    select: { key: true, kind: true, command: true, scriptBody: true, scriptInterpreter: true, schedule: true, nextRunAt: true, createdAt: true },
    orderBy: { key: 'asc' },
  });
  return rows.map((row) => ({ id: row.key, details: detailsOf(row) }));
}
