import { z } from 'zod';
import { BACKOFF_KINDS, HTTP_METHODS, MISFIRE_POLICIES, OVERLAP_POLICIES, PRIORITIES } from '../tasks/constants';

// The shape of a job file (jobs/*.yaml), in snake_case, as one zod schema: what
// `cronboard apply` reads, what `cronboard schema jobs` prints as JSON Schema
// and what `cronboard export` writes. It only checks the file's shape; every
// value is then validated by the task input schema the form and the API use
// (server/tasks/schemas.ts), through to-task-input.ts.

/** An env value or header: text (numbers and booleans are written as text), or `{ value, secret }`. */
const entryValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.object({ value: z.string().optional(), secret: z.boolean().optional() }).strict(),
]);
const entries = z.record(z.string(), entryValue);

/** The fields both formats share (a list item adds type/function/kwargs, and its id is optional). */
const commonFields = {
  name: z.string().describe('title of the card (default: the id)'),
  description: z.string().describe('markdown'),
  schedule: z
    .string()
    .describe('cron (`0 2 * * *`), interval (`5 minutes`), words (`daily at 02:00`), an ISO date-time, `now` or `manual`'),
  on: z
    .string()
    .describe('instead of a schedule, run on an event: `email.batch_processed`, `email.*`, or after another task: `run.succeeded of KEY` (run.failed, run.finished)'),
  timezone: z.string().describe('IANA timezone the schedule is read in (default: CRONBOARD_TIMEZONE)'),
  priority: z.enum(PRIORITIES),
  enabled: z.boolean().describe('false: the schedule is paused (the card keeps its column)'),
  max_retries: z.number().int(),
  retry_delay_seconds: z.number().int(),
  retry_max_delay_seconds: z.number().int(),
  retry_jitter: z.number().describe('each retry delay moves by up to ± this fraction of it (default 0.1)'),
  backoff: z.enum(BACKOFF_KINDS),
  timeout_seconds: z.number().int(),
  overlap: z.enum(OVERLAP_POLICIES),
  max_instances: z.number().int(),
  misfire: z.enum(MISFIRE_POLICIES),
  misfire_grace_seconds: z.number().int(),
  catch_up_limit: z.number().int().describe('with misfire catch_up: at most this many missed fire times run (default 10)'),
  cwd: z.string().describe('working directory (inside ALLOWED_WORKDIRS)'),
  env: entries.describe(
    'extra environment; a value `${NAME}` is read from the environment of `cronboard apply` and stored as a secret',
  ),
  labels: z.array(z.string()),
  assignee: z.string(),
};

const httpSchema = z
  .object({
    method: z.enum(HTTP_METHODS).optional(),
    url: z.string(),
    headers: entries.optional(),
    body: z.string().optional(),
  })
  .strict();

/** One task per file (the format of a YAML job daemon's jobs/ folder). */
export const jobTaskSchema = z
  .object({
    id: z.string().describe('the task key (lowercase letters, digits, `.`, `-`, `_`)'),
    ...commonFields,
    command: z.string().describe('shell command line, run by /bin/sh -c'),
    http: httpSchema,
    handler: z.string().describe('name of a handler registered in the worker'),
    payload: z.json().describe('JSON passed to the handler (CRONBOARD_PAYLOAD for shell)'),
    script: z.string().describe('inline script body (up to 256 KiB), run by `interpreter` from a private temp file'),
    interpreter: z.string().describe('with script: sh, bash, python3, node, or an absolute path on the worker'),
  })
  .partial()
  .required({ id: true })
  .strict();

/** An item of a `tasks:` list file: a handler task (`function` + `kwargs`), or any field of the one-task format. */
export const jobListItemSchema = z
  .object({
    id: z.string().describe('the task key (default: made from the name)'),
    ...commonFields,
    type: z.enum(['cron', 'interval']).describe('must agree with the schedule'),
    function: z.string().describe('the handler (e.g. `app.services.email:process_pending`)'),
    kwargs: z.json().describe('the handler payload'),
    command: z.string(),
    http: httpSchema,
    handler: z.string(),
    payload: z.json(),
    script: z.string(),
    interpreter: z.string(),
  })
  .partial()
  .required({ name: true })
  .strict();

export const jobListSchema = z.object({ tasks: z.array(jobListItemSchema) }).strict();

/** A YAML document of a job file: a `tasks:` list, or one task. */
export const jobDocumentSchema = z.union([jobListSchema, jobTaskSchema]);

export type JobTask = z.infer<typeof jobTaskSchema>;
export type JobListItem = z.infer<typeof jobListItemSchema>;

/** Keys of each format, for "did you mean" on an unknown one. */
export const JOB_TASK_KEYS = Object.keys(jobTaskSchema.shape);
export const JOB_LIST_ITEM_KEYS = Object.keys(jobListItemSchema.shape);
export const HTTP_KEYS = Object.keys(httpSchema.shape);

/** The JSON Schema of a job file document, generated from the zod schema (`cronboard schema jobs`). */
export function jobFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(jobDocumentSchema, { target: 'draft-2020-12', unrepresentable: 'any' }),
    title: 'Cronboard job file',
    description: 'One task per file (id, command | http | handler | script, schedule, …) or a `tasks:` list. See README "Jobs as code".',
  };
}
