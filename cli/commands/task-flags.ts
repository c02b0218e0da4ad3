// The task flags shared by `create` and `update`: declared once, read into the
// service's input shape with one clear line (naming the flag) per mistake.
import { readFileSync } from 'node:fs';
import { onSchedule } from '../../server/schedules/parse-on';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError, isAppError } from '../../server/errors';
import { BACKOFF_KINDS, HTTP_METHODS, MISFIRE_POLICIES, OVERLAP_POLICIES, PRIORITIES } from '../../server/tasks/constants';
import type { TaskInput } from '../../server/tasks/schemas';
import type { TaskPatch } from '../../server/tasks/update-task';
import { usageError, wholeNumber } from './format';

export interface TaskFlags {
  key?: string;
  name?: string;
  command?: string;
  httpUrl?: string;
  httpMethod?: string;
  handler?: string;
  script?: string;
  interpreter?: string;
  payload?: string;
  schedule?: string;
  /** An event trigger instead of a schedule: `email.batch_processed`, `run.succeeded of KEY`. */
  on?: string;
  timezone?: string;
  priority?: string;
  maxRetries?: string;
  retryDelay?: string;
  backoff?: string;
  timeout?: string;
  overlap?: string;
  maxInstances?: string;
  misfire?: string;
  cwd?: string;
  description?: string;
  label?: string[];
  assignee?: string;
  env?: string[];
  header?: string[];
  httpBody?: string;
  retryMaxDelay?: string;
  misfireGrace?: string;
  jitter?: string;
  catchUpLimit?: string;
  json?: boolean;
}

/** Service field → the flag that sets it, so service validation errors name flags. */
const FLAG_OF: Record<string, string> = {
  key: '--key',
  name: '--name',
  command: '--command',
  httpUrl: '--http-url',
  httpMethod: '--http-method',
  handler: '--handler',
  scriptBody: '--script',
  scriptInterpreter: '--interpreter',
  payload: '--payload',
  schedule: '--schedule',
  timezone: '--timezone',
  priority: '--priority',
  maxRetries: '--max-retries',
  retryDelaySeconds: '--retry-delay',
  retryBackoff: '--backoff',
  timeoutSeconds: '--timeout',
  overlap: '--overlap',
  maxInstances: '--max-instances',
  misfire: '--misfire',
  cwd: '--cwd',
  description: '--description',
  labels: '--label',
  assignee: '--assignee',
  env: '--env',
  httpHeaders: '--header',
  httpBody: '--http-body',
  retryMaxDelaySeconds: '--retry-max-delay',
  misfireGraceSeconds: '--misfire-grace',
  retryJitter: '--jitter',
  catchUpLimit: '--catch-up-limit',
};

/** A repeatable flag: each use adds one value. */
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

const list = (values: readonly string[]) => `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

export function addTaskFlags(command: Command): Command {
  return command
    .option('--key <key>', 'unique task key (lowercase letters, digits, . _ -)')
    .option('--name <name>', 'title of the card')
    .option('--command <command>', 'shell task: command line run by /bin/sh -c')
    .option('--http-url <url>', 'http task: URL to call')
    .option('--http-method <method>', `http task: ${HTTP_METHODS.join(', ')} (default GET)`)
    .option('--handler <name>', 'handler task: name of a handler registered in the worker')
    .option('--script <file>', "script task: the body to run, read from FILE ('-': standard input)")
    .option('--interpreter <name>', 'script task: sh, bash, python3, node, or an absolute path on the worker')
    .option('--payload <json>', 'JSON passed to the handler (CRONBOARD_PAYLOAD for shell)')
    .option('--schedule <expr>', "cron, interval ('5m'), words ('daily at 02:00'), ISO date-time, 'now' or 'manual'")
    .option('--on <event>', "run on an event instead of a --schedule: 'email.batch_processed', 'run.succeeded of KEY' (or run.failed, run.finished)")
    .option('--timezone <iana>', 'time zone the schedule is read in (default: configured timezone)')
    .option('--priority <priority>', list(PRIORITIES))
    .option('--max-retries <n>', 'retries after a failure or timeout')
    .option('--retry-delay <seconds>', 'base delay before a retry')
    .option('--backoff <kind>', list(BACKOFF_KINDS))
    .option('--timeout <seconds>', 'kill the run after this long')
    .option('--overlap <policy>', `${list(OVERLAP_POLICIES)}: when a run is still running`)
    .option('--max-instances <n>', 'runs at once with --overlap allow')
    .option('--misfire <policy>', `${list(MISFIRE_POLICIES)}: fire times missed while no worker ran`)
    .option('--cwd <dir>', 'working directory (inside ALLOWED_WORKDIRS)')
    .option('--description <text>', 'Markdown description of the card')
    .option('--label <label>', 'a label (repeat for several; on update, replaces the labels)', collect)
    .option('--assignee <name>', "who looks after it ('' to clear on update)")
    .option('--env <NAME=VALUE>', 'an environment variable (repeat; on update, replaces the environment)', collect)
    .option('--header <"Name: value">', 'http task: a request header (repeat; on update, replaces the headers)', collect)
    .option('--http-body <body>', 'http task: request body')
    .option('--retry-max-delay <seconds>', 'cap on the exponential backoff')
    .option('--misfire-grace <seconds>', 'with --misfire skip: how late a fire time may still run')
    .option('--jitter <fraction>', 'each retry delay moves by up to ± this fraction of it, 0-1 (default 0.1)')
    .option('--catch-up-limit <n>', 'with --misfire catch_up: at most this many missed fire times run (default 10)')
    .option('--json', 'print the task as JSON');
}

function oneOf<T extends string>(
  flag: string,
  value: string,
  allowed: readonly T[],
  normalize = (v: string) => v.toLowerCase(),
): T {
  const v = normalize(value.trim()) as T;
  if (!allowed.includes(v)) throw usageError(`${flag}: '${value}' must be ${list(allowed)}`);
  return v;
}

/** A fraction 0-1 (`0.1`, `.25`, `1`). */
function fraction(flag: string, value: string): number {
  const text = value.trim();
  const n = Number(text);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text) || n > 1) throw usageError(`${flag}: '${value}' is not a fraction between 0 and 1 (e.g. 0.1)`);
  return n;
}

function priority(value: string): TaskInput['priority'] {
  // Also the stored numbers 0 (low) .. 3 (urgent).
  if (/^[0-3]$/.test(value.trim())) return PRIORITIES[Number(value.trim())];
  return oneOf('--priority', value, PRIORITIES);
}

function payload(value: string): TaskInput['payload'] {
  try {
    return JSON.parse(value) as TaskInput['payload'];
  } catch (error) {
    throw usageError(`--payload: not valid JSON (${(error as Error).message})`);
  }
}

/** The body of --script FILE|-: the file's text, or standard input's. */
function scriptBody(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw usageError(`--script: cannot read ${file === '-' ? 'standard input' : file} (${(error as Error).message})`);
  }
}

/** `NAME=VALUE` (env) or `Name: value` (headers), repeated, as entries; names are checked by the task schema. */
function entries(flag: string, values: string[], separator: '=' | ':'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values) {
    const at = item.indexOf(separator);
    if (at <= 0) throw usageError(`${flag}: '${item}' must be ${separator === '=' ? 'NAME=VALUE' : "'Name: value'"}`);
    const name = item.slice(0, at).trim();
    if (name in out) throw usageError(`${flag}: ${name} is given twice`);
    out[name] = separator === ':' ? item.slice(at + 1).trim() : item.slice(at + 1);
  }
  return out;
}

/**
 * Reads the flags into a patch (only what was given). `create` additionally
 * needs --key, --name, --schedule and exactly one kind flag.
 */
export function readTaskFlags(flags: TaskFlags, mode: 'create' | 'update'): TaskPatch {
  const kinds = (
    [
      ['--command', flags.command, 'shell'],
      ['--http-url', flags.httpUrl, 'http'],
      ['--handler', flags.handler, 'handler'],
      ['--script', flags.script, 'script'],
    ] as const
  ).filter(([, value]) => value !== undefined);
  if (kinds.length > 1) {
    throw usageError(
      `${kinds.map(([flag]) => flag).join(' and ')} cannot be combined: a task is one kind (give one of --command, --http-url, --handler or --script)`,
    );
  }
  if (mode === 'create') {
    for (const [flag, value] of [
      ['--key', flags.key],
      ['--name', flags.name],
    ] as const) {
      if (value === undefined) throw usageError(`${flag} is required`);
    }
    if (kinds.length === 0) throw usageError('one of --command, --http-url or --handler is required, or --script with --interpreter (what the task runs)');
    if (flags.schedule === undefined && flags.on === undefined)
      throw usageError("--schedule is required (e.g. --schedule '0 2 * * *', '5m' or manual), or --on to run on an event (e.g. --on 'run.succeeded of nightly-backup')");
    if (flags.httpMethod !== undefined && flags.httpUrl === undefined) throw usageError('--http-method needs --http-url');
    if ((flags.script === undefined) !== (flags.interpreter === undefined)) throw usageError('--script and --interpreter go together (e.g. --script job.py --interpreter python3)');
  }
  const patch: TaskPatch = {};
  if (kinds[0]) patch.kind = kinds[0][2];
  if (flags.key !== undefined) patch.key = flags.key;
  if (flags.name !== undefined) patch.name = flags.name;
  if (flags.command !== undefined) patch.command = flags.command;
  if (flags.httpUrl !== undefined) patch.httpUrl = flags.httpUrl;
  if (flags.httpMethod !== undefined)
    patch.httpMethod = oneOf('--http-method', flags.httpMethod, HTTP_METHODS, (v) => v.toUpperCase());
  if (flags.handler !== undefined) patch.handler = flags.handler;
  if (flags.script !== undefined) patch.scriptBody = scriptBody(flags.script);
  if (flags.interpreter !== undefined) patch.scriptInterpreter = flags.interpreter;
  if (flags.payload !== undefined) patch.payload = payload(flags.payload);
  if (flags.schedule !== undefined && flags.on !== undefined) throw usageError('--schedule and --on cannot be combined: a task runs by time or on an event');
  if (flags.schedule !== undefined) patch.schedule = flags.schedule;
  if (flags.on !== undefined) patch.schedule = onSchedule(flags.on);
  if (flags.timezone !== undefined) patch.timezone = flags.timezone;
  if (flags.priority !== undefined) patch.priority = priority(flags.priority);
  if (flags.maxRetries !== undefined) patch.maxRetries = wholeNumber('--max-retries', flags.maxRetries, 0, 100);
  if (flags.retryDelay !== undefined) patch.retryDelaySeconds = wholeNumber('--retry-delay', flags.retryDelay, 0, 86_400);
  if (flags.backoff !== undefined) patch.retryBackoff = oneOf('--backoff', flags.backoff, BACKOFF_KINDS);
  if (flags.timeout !== undefined) patch.timeoutSeconds = wholeNumber('--timeout', flags.timeout, 1, 7 * 86_400);
  if (flags.overlap !== undefined) patch.overlap = oneOf('--overlap', flags.overlap, OVERLAP_POLICIES);
  if (flags.maxInstances !== undefined) patch.maxInstances = wholeNumber('--max-instances', flags.maxInstances, 1, 1000);
  if (flags.misfire !== undefined)
    patch.misfire = oneOf('--misfire', flags.misfire, MISFIRE_POLICIES, (v) => v.toLowerCase().replace('-', '_'));
  // Relative to where the command was typed: the worker runs elsewhere.
  if (flags.cwd !== undefined) patch.cwd = resolve(flags.cwd);
  if (flags.description !== undefined) patch.description = flags.description;
  if (flags.label !== undefined) patch.labels = flags.label.map((l) => l.trim()).filter((l) => l !== '');
  if (flags.assignee !== undefined) patch.assignee = flags.assignee.trim() === '' ? null : flags.assignee;
  if (flags.env !== undefined) patch.env = entries('--env', flags.env, '=');
  if (flags.header !== undefined) patch.httpHeaders = entries('--header', flags.header, ':');
  if (flags.httpBody !== undefined) patch.httpBody = flags.httpBody;
  if (flags.retryMaxDelay !== undefined)
    patch.retryMaxDelaySeconds = wholeNumber('--retry-max-delay', flags.retryMaxDelay, 0, 7 * 86_400);
  if (flags.misfireGrace !== undefined)
    patch.misfireGraceSeconds = wholeNumber('--misfire-grace', flags.misfireGrace, 0, 7 * 86_400);
  if (flags.jitter !== undefined) patch.retryJitter = fraction('--jitter', flags.jitter);
  if (flags.catchUpLimit !== undefined) patch.catchUpLimit = wholeNumber('--catch-up-limit', flags.catchUpLimit, 1, 1000);
  if (mode === 'create' && (flags.header !== undefined || flags.httpBody !== undefined) && flags.httpUrl === undefined)
    throw usageError('--header and --http-body need --http-url');
  if (mode === 'update' && Object.keys(patch).length === 0) {
    throw usageError('nothing to update: give at least one flag (see cronboard update --help)');
  }
  return patch;
}

/** Rewrites a service validation error so it names the flags rather than the fields. */
export async function namingFlags<T>(work: Promise<T>, scheduleFlag = '--schedule'): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!isAppError(error) || error.issues.length === 0) throw error;
    if (error.code === 'INVALID_SCHEDULE') {
      const timezone = error.issues[0]?.path === 'timezone';
      const message = timezone
        ? `--timezone: ${error.issues[0]!.message}`
        : `${scheduleFlag}: ${error.message.replace(/^Invalid/, 'invalid')}`;
      throw new AppError(error.code, message, { cause: error, issues: error.issues });
    }
    if (error.code !== 'BAD_REQUEST') throw error;
    const flagFor = (path: string) => {
      const [field = path, ...rest] = path.split('.');
      const flag = FLAG_OF[field];
      return flag ? [flag, ...rest].join(' ') : path;
    };
    const message = error.issues.map((i) => `${flagFor(i.path)}: ${i.message}`).join('; ');
    throw new AppError(error.code, message, { cause: error, issues: error.issues });
  }
}
