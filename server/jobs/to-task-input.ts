import { onSchedule } from '../schedules/parse-on';
import { TASK_BOARD_FIELDS } from '../tasks/definition-fields';
import { keyFromName, type TaskInput } from '../tasks/schemas';
import type { JobListItem, JobTask } from './job-schema';

// A job file's task (snake_case) as the task input the form and the API send
// (camelCase), and the way back for error paths: every issue the task input
// schema raises names the file's own field.

type Path = (string | number)[];
export type EntryValue = string | number | boolean | { value?: string; secret?: boolean };

/** Task input field → the field in a job file (one-task format). */
const FIELD_PATHS: Record<string, Path> = {
  key: ['id'],
  name: ['name'],
  description: ['description'],
  command: ['command'],
  httpMethod: ['http', 'method'],
  httpUrl: ['http', 'url'],
  httpHeaders: ['http', 'headers'],
  httpBody: ['http', 'body'],
  handler: ['handler'],
  payload: ['payload'],
  scriptBody: ['script'],
  scriptInterpreter: ['interpreter'],
  cwd: ['cwd'],
  env: ['env'],
  schedule: ['schedule'],
  timezone: ['timezone'],
  priority: ['priority'],
  paused: ['enabled'],
  maxRetries: ['max_retries'],
  retryDelaySeconds: ['retry_delay_seconds'],
  retryMaxDelaySeconds: ['retry_max_delay_seconds'],
  retryJitter: ['retry_jitter'],
  retryBackoff: ['backoff'],
  timeoutSeconds: ['timeout_seconds'],
  overlap: ['overlap'],
  maxInstances: ['max_instances'],
  misfire: ['misfire'],
  misfireGraceSeconds: ['misfire_grace_seconds'],
  catchUpLimit: ['catch_up_limit'],
  labels: ['labels'],
  assignee: ['assignee'],
};

/** The file's field for an input field path (`maxRetries` → `max_retries`, `env.TOKEN` → `env.TOKEN`). */
export function jobPathOf(inputPath: string, doc: JobTask | JobListItem): Path {
  const [head = '', ...rest] = inputPath.split('.');
  const item = doc as JobListItem;
  if (head === 'kind')
    return doc.command !== undefined
      ? ['command']
      : doc.http !== undefined
        ? ['http']
        : item.function !== undefined
          ? ['function']
          : doc.script !== undefined
            ? ['script']
            : ['handler'];
  if (head === 'handler' && item.function !== undefined) return ['function', ...rest];
  if (head === 'payload' && item.kwargs !== undefined) return ['kwargs', ...rest];
  if (head === 'key' && doc.id === undefined) return ['name'];
  if (head === 'schedule' && doc.on !== undefined) return ['on'];
  const base = FIELD_PATHS[head] ?? [head];
  return [...base, ...rest.map((p) => (/^\d+$/.test(p) ? Number(p) : p))];
}

export interface JobInputProblem {
  path: Path;
  message: string;
}

/** `${NAME}` as a whole value: read from the environment of the apply and stored as a secret. */
const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

function entries(
  record: Record<string, EntryValue> | undefined,
  at: Path,
  env: Record<string, string | undefined>,
  problems: JobInputProblem[],
): TaskInput['env'] {
  if (!record) return undefined;
  const out: NonNullable<TaskInput['env']> = {};
  for (const [name, value] of Object.entries(record)) {
    if (typeof value === 'object') {
      out[name] = value;
      continue;
    }
    const text = String(value);
    const reference = REFERENCE.exec(text);
    if (!reference) {
      out[name] = text;
      continue;
    }
    const variable = reference[1]!;
    const found = env[variable];
    if (found === undefined || found === '')
      problems.push({ path: [...at, name], message: `\${${variable}} is not set in the environment` });
    else out[name] = { value: found, secret: true };
  }
  return out;
}

export interface JobInput {
  input: TaskInput;
  /** Board fields the file sets: only those are applied to an existing task (the board keeps the rest). */
  boardFields: readonly string[];
  problems: JobInputProblem[];
}

/** Input fields the file gives as they are, under the name FIELD_PATHS gives each. */
const PLAIN_FIELDS = [
  'description', 'command', 'cwd', 'schedule', 'timezone', 'priority', 'maxRetries', 'retryDelaySeconds', 'retryMaxDelaySeconds',
  'retryJitter', 'retryBackoff', 'timeoutSeconds', 'overlap', 'maxInstances', 'misfire', 'misfireGraceSeconds', 'catchUpLimit', 'labels', 'assignee',
  'scriptBody', 'scriptInterpreter',
] as const satisfies readonly (keyof TaskInput)[];

function plainFields(doc: JobTask | JobListItem): Partial<TaskInput> {
  const fields: Record<string, unknown> = {};
  for (const field of PLAIN_FIELDS) {
    const value = (doc as Record<string, unknown>)[FIELD_PATHS[field]![0]!];
    if (value !== undefined) fields[field] = value;
  }
  return fields;
}

/** A job file's task as task input (not yet validated: validateTaskInput does that). */
export function toTaskInput(doc: JobTask | JobListItem, env: Record<string, string | undefined>): JobInput {
  const item = doc as JobListItem;
  const problems: JobInputProblem[] = [];
  const handler = item.function ?? doc.handler;
  const payload = item.kwargs ?? doc.payload;
  const kinds = [
    doc.command !== undefined && 'command',
    doc.http !== undefined && 'http',
    handler !== undefined && (item.function !== undefined ? 'function' : 'handler'),
    doc.script !== undefined && 'script',
  ].filter((k): k is string => typeof k === 'string');
  if (kinds.length === 0)
    problems.push({ path: [], message: 'says nothing to run: give one of command, http, handler (function in a tasks: list) or script' });
  if (kinds.length > 1) problems.push({ path: [kinds[1]!], message: `give only one of ${kinds.join(', ')}` });
  const kind = doc.command !== undefined ? 'shell' : doc.http !== undefined ? 'http' : doc.script !== undefined ? 'script' : 'handler';
  const key = doc.id ?? keyFromName(doc.name ?? '');
  if (doc.id === undefined && key === '')
    problems.push({ path: ['name'], message: 'has no letter or digit to make the task key from: add an id' });

  const input: TaskInput = {
    key,
    name: doc.name ?? key,
    kind,
    ...plainFields(doc),
    ...(doc.http && {
      httpMethod: doc.http.method ?? 'GET',
      httpUrl: doc.http.url,
      httpHeaders: entries(doc.http.headers, ['http', 'headers'], env, problems),
      ...(doc.http.body !== undefined && { httpBody: doc.http.body }),
    }),
    ...(handler !== undefined && { handler }),
    ...(payload !== undefined && { payload: payload }),
    ...(doc.env !== undefined && { env: entries(doc.env, ['env'], env, problems) }),
    ...(doc.enabled !== undefined && { paused: !doc.enabled }),
    ...(doc.on !== undefined && { schedule: onSchedule(doc.on) }),
  };
  if (doc.on !== undefined && doc.schedule !== undefined)
    problems.push({ path: ['on'], message: 'give schedule or on, not both: a task runs by time or on an event' });
  const boardFields = TASK_BOARD_FIELDS.filter((f) => (f === 'name' ? doc.name !== undefined : f in input));
  return { input, boardFields, problems };
}
