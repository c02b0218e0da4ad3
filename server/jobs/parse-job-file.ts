import { LineCounter, parseAllDocuments } from 'yaml';
import { isAppError } from '../errors';
import { parseSchedule } from '../schedules';
import type { TaskInput } from '../tasks/schemas';
import { validateTaskInput } from '../tasks/validate-task-input';
import { HTTP_KEYS, JOB_LIST_ITEM_KEYS, JOB_TASK_KEYS, jobListSchema, jobTaskSchema, type JobListItem } from './job-schema';
import { didYouMean, type JobProblem } from './problems';
import { jobPathOf, toTaskInput } from './to-task-input';
import { YamlLocator } from './yaml-locator';

// One job file → the tasks it defines, or every problem in it, each located
// (file:line:column: field: reason). Both formats, several `---` documents.

type Path = (string | number)[];

export interface JobEntry {
  key: string;
  /** Absolute path of the file (recorded as the task's sourcePath). */
  file: string;
  /** The file as shown to the user. */
  display: string;
  line: number;
  column: number;
  input: TaskInput;
  /** Board fields the file sets (the board keeps the others of an existing task). */
  boardFields: readonly string[];
  /** Locates a problem found later (applying) on a task input field. */
  problemAt: (inputPath: string, message: string) => JobProblem;
}

export interface ParseJobFileOptions {
  file: string;
  display: string;
  text: string;
  defaultTimezone: string;
  allowedWorkdirs?: string[];
  /** Where `${NAME}` values come from. */
  env?: Record<string, string | undefined>;
}

const pathText = (path: Path) => path.map(String).join('.');

export function parseJobFile(options: ParseJobFileOptions): { entries: JobEntry[]; problems: JobProblem[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(options.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const entries: JobEntry[] = [];
  const problems: JobProblem[] = [];
  const here = (at: { line: number; column: number }, message: string, field?: string): JobProblem => ({
    file: options.display,
    ...at,
    ...(field ? { field } : {}),
    message,
  });
  if (!Array.isArray(docs)) {
    problems.push(here({ line: 1, column: 1 }, 'is not YAML'));
    return { entries, problems };
  }
  for (const doc of docs) {
    const syntax = [...doc.errors];
    if (syntax.length > 0) {
      for (const e of syntax)
        problems.push(here({ line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1 }, e.message.split('\n')[0]!));
      continue;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue; // an empty document (a trailing ---)
    const at = new YamlLocator(doc, lines);
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push(here(at.at([]), 'must be a task (id, command, schedule, …) or a tasks: list'));
      continue;
    }
    const items: { prefix: Path; raw: Record<string, unknown>; list: boolean }[] =
      'tasks' in value
        ? (Array.isArray(value.tasks) ? (value as { tasks: unknown[] }).tasks : []).map((raw, i) => ({
            prefix: ['tasks', i],
            raw: raw as Record<string, unknown>,
            list: true,
          }))
        : [{ prefix: [], raw: value as Record<string, unknown>, list: false }];
    if ('tasks' in value) {
      for (const key of at.keys([]).filter((k) => k !== 'tasks')) problems.push(unknownKey(at, here, [], [], key, ['tasks']));
      if (!Array.isArray(value.tasks)) problems.push(here(at.at(['tasks']), 'must be a list of tasks', 'tasks'));
    }
    for (const item of items) {
      const entry = parseItem(at, here, item, options, problems);
      if (entry) entries.push(entry);
    }
  }
  return { entries, problems };
}

type Here = (at: { line: number; column: number }, message: string, field?: string) => JobProblem;

/** `shown` is the parent as the field is named (within a list item, without `tasks.N`). */
function unknownKey(at: YamlLocator, here: Here, parent: Path, shown: Path, key: string, known: readonly string[]): JobProblem {
  const guess = didYouMean(key, known);
  return here(at.key(parent, key), `unknown key${guess ? ` (did you mean ${guess}?)` : ''}`, pathText([...shown, key]));
}

function parseItem(
  at: YamlLocator,
  here: Here,
  item: { prefix: Path; raw: Record<string, unknown>; list: boolean },
  options: ParseJobFileOptions,
  problems: JobProblem[],
): JobEntry | undefined {
  const { prefix, raw, list } = item;
  const fieldOf = (path: Path) => pathText(path) || undefined;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(here(at.at(prefix), 'must be a task (name, schedule, function, …)'));
    return undefined;
  }
  const known = list ? JOB_LIST_ITEM_KEYS : JOB_TASK_KEYS;
  const before = problems.length;
  for (const key of at.keys(prefix)) if (!known.includes(key)) problems.push(unknownKey(at, here, prefix, [], key, known));
  if (raw.http && typeof raw.http === 'object') {
    for (const key of at.keys([...prefix, 'http']))
      if (!HTTP_KEYS.includes(key)) problems.push(unknownKey(at, here, [...prefix, 'http'], ['http'], key, HTTP_KEYS));
  }
  const fields = Object.fromEntries(Object.entries(raw).filter(([k]) => known.includes(k)));
  if (fields.http && typeof fields.http === 'object') {
    fields.http = Object.fromEntries(Object.entries(fields.http).filter(([k]) => HTTP_KEYS.includes(k)));
  }
  // A field of the wrong shape is reported, then left out, so the other fields are still checked.
  const schema = list ? jobListSchema.shape.tasks.element : jobTaskSchema;
  const reported = new Set<string>();
  let shape = schema.safeParse(fields);
  for (let round = 0; !shape.success && round < 2; round++) {
    for (const issue of shape.error.issues) {
      const path = issue.path as Path;
      const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
      problems.push(here(path.length ? at.at([...prefix, ...path]) : at.at(prefix), message, fieldOf(path)));
      if (path.length > 0) {
        reported.add(String(path[0]));
        delete fields[String(path[0])];
      }
    }
    shape = schema.safeParse(fields);
  }
  if (!shape.success) return undefined;
  const doc = shape.data;

  const mapped = toTaskInput(doc, options.env ?? process.env);
  const problemAt = (inputPath: string, message: string, offset?: number): JobProblem => {
    const path = jobPathOf(inputPath, doc);
    return here(at.at([...prefix, ...path], offset), message, fieldOf(path));
  };
  for (const p of mapped.problems) problems.push(here(at.at([...prefix, ...p.path]), p.message, fieldOf(p.path)));
  const validTimezone = options.defaultTimezone;
  try {
    const { schedule } = validateTaskInput(mapped.input, validTimezone, { allowedWorkdirs: options.allowedWorkdirs });
    const type = (doc as JobListItem).type;
    if (type && schedule.kind !== type) {
      const what = schedule.kind === 'interval' ? 'an interval' : `a ${schedule.kind} schedule`;
      problems.push(problemAt('schedule', `'${schedule.input}' is ${what}, but type is ${type}`));
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    const issues = [...error.issues];
    // The schema's issues come first and stop validateTaskInput before the schedule: check it too.
    if (error.code !== 'INVALID_SCHEDULE' && !issues.some((i) => i.path === 'schedule' || i.path === 'timezone')) {
      const parsed = parseSchedule(String(mapped.input.schedule ?? 'manual').trim(), {
        timezone: mapped.input.timezone ?? validTimezone,
      });
      if (!parsed.ok)
        issues.push({ path: parsed.error.field === 'timezone' ? 'timezone' : 'schedule', message: parsed.error.message });
    }
    const nothingToRun = mapped.problems.some((p) => p.path.length === 0);
    for (const issue of issues) {
      const path = jobPathOf(issue.path, doc);
      if (reported.has(String(path[0])) || (nothingToRun && ['command', 'httpUrl', 'handler', 'scriptBody', 'scriptInterpreter'].includes(issue.path))) continue;
      problems.push(
        problemAt(issue.path, issue.message, issue.path === 'schedule' ? scheduleOffset(mapped.input, validTimezone) : undefined),
      );
    }
  }
  if (problems.length > before) return undefined;
  const start = at.at(prefix);
  return {
    key: mapped.input.key,
    file: options.file,
    display: options.display,
    ...start,
    input: mapped.input,
    boardFields: mapped.boardFields,
    problemAt: (p, m) => problemAt(p, m),
  };
}

/** Where in the schedule text the parser found the problem (so the column points at the wrong cron field). */
function scheduleOffset(input: TaskInput, defaultTimezone: string): number | undefined {
  const parsed = parseSchedule(String(input.schedule ?? '').trim(), { timezone: input.timezone ?? defaultTimezone });
  return parsed.ok ? undefined : parsed.error.position;
}
