// The task form's values (strings and flags, as the inputs hold them) and their
// conversion to and from the shared task input schema. Validation is the shared
// zod schema (server/tasks/schemas.ts), the same one the services and the CLI use;
// only what the schema cannot see (lines, numbers, JSON text) is checked here.
import { taskInputSchema, type TaskInput } from '@/server/tasks/schemas';
import type { TaskKind } from '@/server/tasks/constants';
import { entriesFromRows, rowsFromEntries, type EntryRow } from './task-form-entries';

export interface TaskFormValues {
  key: string;
  name: string;
  description: string;
  kind: TaskKind;
  command: string;
  cwd: string;
  env: EntryRow[];
  httpMethod: string;
  httpUrl: string;
  httpHeaders: EntryRow[];
  httpBody: string;
  handler: string;
  scriptBody: string;
  scriptInterpreter: string;
  payload: string;
  schedule: string;
  timezone: string;
  priority: string;
  maxRetries: string;
  retryBackoff: string;
  retryDelaySeconds: string;
  retryMaxDelaySeconds: string;
  timeoutSeconds: string;
  overlap: string;
  maxInstances: string;
  misfire: string;
  misfireGraceSeconds: string;
  paused: boolean;
  labels: string;
  assignee: string;
}

export type FieldName = keyof TaskFormValues;
export type FieldErrors = Partial<Record<FieldName, string>>;

export function emptyFormValues(timezone: string): TaskFormValues {
  return {
    key: '',
    name: '',
    description: '',
    kind: 'shell',
    command: '',
    cwd: '',
    env: [],
    httpMethod: 'GET',
    httpUrl: '',
    httpHeaders: [],
    httpBody: '',
    handler: '',
    scriptBody: '',
    scriptInterpreter: 'sh',
    payload: '',
    schedule: '',
    timezone,
    priority: 'medium',
    maxRetries: '0',
    retryBackoff: 'exponential',
    retryDelaySeconds: '30',
    retryMaxDelaySeconds: '3600',
    timeoutSeconds: '',
    overlap: 'skip',
    maxInstances: '1',
    misfire: 'coalesce',
    misfireGraceSeconds: '300',
    paused: false,
    labels: '',
    assignee: '',
  };
}

export function formValuesFromInput(input: TaskInput, fallbackTimezone: string): TaskFormValues {
  const base = emptyFormValues(input.timezone ?? fallbackTimezone);
  const num = (value: number | undefined, fallback: string) => (value === undefined ? fallback : String(value));
  return {
    ...base,
    key: input.key,
    name: input.name,
    description: input.description ?? '',
    kind: input.kind,
    command: input.command ?? '',
    cwd: input.cwd ?? '',
    env: rowsFromEntries(input.env),
    httpMethod: input.httpMethod ?? 'GET',
    httpUrl: input.httpUrl ?? '',
    httpHeaders: rowsFromEntries(input.httpHeaders),
    httpBody: input.httpBody ?? '',
    handler: input.handler ?? '',
    scriptBody: input.scriptBody ?? '',
    scriptInterpreter: input.scriptInterpreter ?? base.scriptInterpreter,
    payload: input.payload === undefined || input.payload === null ? '' : JSON.stringify(input.payload, null, 2),
    schedule: input.schedule ?? 'manual',
    priority: input.priority ?? 'medium',
    maxRetries: num(input.maxRetries, base.maxRetries),
    retryBackoff: input.retryBackoff ?? base.retryBackoff,
    retryDelaySeconds: num(input.retryDelaySeconds, base.retryDelaySeconds),
    retryMaxDelaySeconds: num(input.retryMaxDelaySeconds, base.retryMaxDelaySeconds),
    timeoutSeconds: num(input.timeoutSeconds, ''),
    overlap: input.overlap ?? 'skip',
    maxInstances: num(input.maxInstances, '1'),
    misfire: input.misfire ?? 'coalesce',
    misfireGraceSeconds: num(input.misfireGraceSeconds, base.misfireGraceSeconds),
    paused: input.paused ?? false,
    labels: (input.labels ?? []).join(', '),
    assignee: input.assignee ?? '',
  };
}

/** "line 2, column 5" for a character offset in a text. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Parses JSON text; on failure a message that says where it is wrong. */
export function parseJsonField(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(raw);
    const lineCol = /\(line (\d+) column (\d+)\)/.exec(raw);
    const detail = raw.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    if (lineCol) return { ok: false, message: `invalid JSON at line ${lineCol[1]}, column ${lineCol[2]}: ${detail}` };
    if (position) return { ok: false, message: `invalid JSON at ${lineAndColumn(text, Number(position[1]))}: ${detail}` };
    return { ok: false, message: `invalid JSON: ${detail}` };
  }
}

const FIELD_LABELS: Record<FieldName, string> = {
  key: 'Key',
  name: 'Name',
  description: 'Description',
  kind: 'Kind',
  command: 'Command',
  cwd: 'Working directory',
  env: 'Environment',
  httpMethod: 'Method',
  httpUrl: 'URL',
  httpHeaders: 'Headers',
  httpBody: 'Body',
  handler: 'Handler',
  scriptBody: 'Script',
  scriptInterpreter: 'Interpreter',
  payload: 'Payload',
  schedule: 'Schedule',
  timezone: 'Timezone',
  priority: 'Priority',
  maxRetries: 'Max retries',
  retryBackoff: 'Backoff',
  retryDelaySeconds: 'Retry delay',
  retryMaxDelaySeconds: 'Retry delay cap',
  timeoutSeconds: 'Timeout',
  overlap: 'Overlap',
  maxInstances: 'Max instances',
  misfire: 'Misfire',
  misfireGraceSeconds: 'Misfire grace',
  paused: 'Paused',
  labels: 'Labels',
  assignee: 'Assignee',
};

export function fieldLabel(field: FieldName): string {
  return FIELD_LABELS[field];
}

/** A message from the schema or the server ("is required") as a sentence about the field. */
export function fieldMessage(field: FieldName, message: string): string {
  return /^(is|must|has|cannot|should) /.test(message) ? `${FIELD_LABELS[field]} ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
}

/** A server issue path ("httpHeaders.X-Y", "labels.0") to the form field it belongs to. */
export function fieldForPath(path: string): FieldName | null {
  const head = path.split('.')[0] ?? '';
  return head in FIELD_LABELS ? (head as FieldName) : null;
}

/** An issue at a path as a sentence: a nested one names its entry ("Environment API_KEY: is secret and …"). */
export function issueMessage(path: string, message: string): string | null {
  const field = fieldForPath(path);
  if (!field) return null;
  const entry = path.slice(field.length + 1);
  if (entry === '' || field === 'labels' || field === 'payload') return fieldMessage(field, message);
  return message.startsWith('"') ? `${FIELD_LABELS[field]}: ${message}` : `${FIELD_LABELS[field]} ${entry}: ${message}`;
}

/**
 * The form's values as task input, validated by the shared schema. Fields only
 * the current kind uses are sent; the others are left out (cleared on save).
 */
export function toTaskInput(values: TaskFormValues): { ok: true; input: TaskInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const integer = (field: FieldName, v: string, optional = false): number | undefined => {
    if (v.trim() === '') {
      if (!optional) errors[field] = `${FIELD_LABELS[field]} is required`;
      return undefined;
    }
    if (!/^-?\d+$/.test(v.trim())) {
      errors[field] = `${FIELD_LABELS[field]} must be a whole number, got "${v.trim().slice(0, 20)}"`;
      return undefined;
    }
    return Number(v.trim());
  };

  const input: Record<string, unknown> = {
    key: values.key.trim(),
    name: values.name,
    description: values.description,
    kind: values.kind,
    schedule: values.schedule.trim() === '' ? '' : values.schedule.trim(),
    timezone: text(values.timezone),
    priority: values.priority,
    maxRetries: integer('maxRetries', values.maxRetries),
    retryBackoff: values.retryBackoff,
    retryDelaySeconds: integer('retryDelaySeconds', values.retryDelaySeconds),
    retryMaxDelaySeconds: integer('retryMaxDelaySeconds', values.retryMaxDelaySeconds),
    timeoutSeconds: integer('timeoutSeconds', values.timeoutSeconds, true),
    overlap: values.overlap,
    maxInstances: integer('maxInstances', values.maxInstances),
    misfire: values.misfire,
    misfireGraceSeconds: integer('misfireGraceSeconds', values.misfireGraceSeconds),
    paused: values.paused,
    labels: [...new Set(values.labels.split(',').map((l) => l.trim()).filter(Boolean))],
    assignee: text(values.assignee),
  };
  if (values.schedule.trim() === '') errors.schedule = 'Schedule is required (use "manual" for a task that only runs when triggered)';

  if (values.kind === 'shell') input.command = text(values.command);
  if (values.kind === 'script') {
    // The body as typed: leading and trailing lines can matter to an interpreter.
    input.scriptBody = values.scriptBody.trim() === '' ? undefined : values.scriptBody;
    input.scriptInterpreter = text(values.scriptInterpreter);
  }
  if (values.kind === 'shell' || values.kind === 'script') {
    input.cwd = text(values.cwd);
    const env = entriesFromRows(values.env);
    if (env.ok) input.env = env.value;
    else errors.env = `Environment ${env.message}`;
  }
  if (values.kind === 'http') {
    input.httpMethod = values.httpMethod;
    input.httpUrl = text(values.httpUrl);
    const headers = entriesFromRows(values.httpHeaders);
    if (headers.ok) input.httpHeaders = headers.value;
    else errors.httpHeaders = `Headers ${headers.message}`;
    input.httpBody = values.httpBody === '' ? undefined : values.httpBody;
  }
  if (values.kind === 'handler') input.handler = text(values.handler);
  if (values.kind !== 'http' && values.payload.trim() !== '') {
    const payload = parseJsonField(values.payload);
    if (payload.ok) input.payload = payload.value;
    else errors.payload = `Payload: ${payload.message}`;
  }

  const parsed = taskInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const field = fieldForPath(path);
      if (field && !errors[field]) errors[field] = issueMessage(path, issue.message) ?? issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: input as TaskInput };
}
