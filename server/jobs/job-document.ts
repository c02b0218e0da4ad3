import type { Prisma } from '../../prisma/generated/sqlite/client';
import { onBody } from '../schedules/parse-on';
import { isEncrypted } from '../secrets/crypto';
import { priorityName } from '../tasks/constants';
import { looksSecret } from '../tasks/entries';
import { entriesForExport } from '../tasks/export-entries';
import { taskInputSchema } from '../tasks/schemas';
import { storedEntries } from '../tasks/stored-entries';
import type { taskInclude } from '../tasks/task-view';

// A stored task as a job file document (snake_case, stable key order): what
// `cronboard export` writes, and what the apply plan compares before and after.

type TaskRow = Prisma.TaskGetPayload<{ include: typeof taskInclude }>;
export type JobDocument = Record<string, unknown>;

/** How secret env values and headers appear: `${NAME}` references (export), or masked (the plan). */
export type SecretStyle = 'reference' | 'masked';

const DEFAULTS: Record<string, unknown> = (() => {
  const d = taskInputSchema.parse({ key: 'k', name: 'n', kind: 'shell', command: 'x' });
  return {
    description: d.description,
    schedule: d.schedule,
    enabled: !d.paused,
    priority: d.priority,
    max_retries: d.maxRetries,
    backoff: d.retryBackoff,
    retry_delay_seconds: d.retryDelaySeconds,
    retry_max_delay_seconds: d.retryMaxDelaySeconds,
    retry_jitter: d.retryJitter,
    overlap: d.overlap,
    max_instances: d.maxInstances,
    misfire: d.misfire,
    misfire_grace_seconds: d.misfireGraceSeconds,
    catch_up_limit: d.catchUpLimit,
    labels: d.labels,
  };
})();

/** `${NAME}` as a whole value: apply reads it from its environment as a secret (to-task-input.ts). */
const REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

function entries(field: 'env' | 'httpHeaders', column: unknown, secrets: SecretStyle): Record<string, unknown> | undefined {
  if (secrets === 'reference') {
    const exported = entriesForExport(field, column)?.entries;
    if (!exported) return undefined;
    const stored = storedEntries(column) ?? {};
    // A plain value that apply would take for a secret (by its name, or a `${…}` look-alike) says it is not one.
    return Object.fromEntries(
      Object.entries(exported).map(([name, value]) => {
        const plain = !isEncrypted(stored[name]);
        return [name, plain && (looksSecret(name) || REFERENCE.test(value)) ? { value, secret: false } : value];
      }),
    );
  }
  const stored = storedEntries(column);
  if (!stored || Object.keys(stored).length === 0) return undefined;
  // The ciphertext's tail tells two stored values apart without showing either.
  return Object.fromEntries(Object.entries(stored).map(([n, v]) => [n, isEncrypted(v) ? `*** (secret …${v.slice(-6)})` : v]));
}

/** Every field of the task in job file spelling and order (absent: null in the database). */
export function jobFields(row: TaskRow, secrets: SecretStyle): JobDocument {
  const http =
    row.kind === 'http'
      ? {
          method: row.httpMethod ?? 'GET',
          url: row.httpUrl,
          ...(row.httpHeaders ? { headers: entries('httpHeaders', row.httpHeaders, secrets) } : {}),
          ...(row.httpBody !== null ? { body: row.httpBody } : {}),
        }
      : undefined;
  const doc: JobDocument = {
    id: row.key,
    name: row.name,
    description: row.description,
    command: row.command ?? undefined,
    http,
    handler: row.handler ?? undefined,
    payload: row.payload ?? undefined,
    script: row.scriptBody ?? undefined,
    interpreter: row.scriptInterpreter ?? undefined,
    schedule: onBody(row.schedule) === null ? row.schedule : undefined,
    on: onBody(row.schedule) ?? undefined,
    timezone: row.timezone,
    enabled: !row.paused,
    priority: priorityName(row.priority),
    max_retries: row.maxRetries,
    backoff: row.retryBackoff,
    retry_delay_seconds: row.retryDelaySeconds,
    retry_max_delay_seconds: row.retryMaxDelaySeconds,
    retry_jitter: row.retryJitter,
    timeout_seconds: row.timeoutSeconds ?? undefined,
    overlap: row.overlap,
    max_instances: row.maxInstances,
    misfire: row.misfire,
    misfire_grace_seconds: row.misfireGraceSeconds,
    catch_up_limit: row.catchUpLimit,
    cwd: row.cwd ?? undefined,
    env: entries('env', row.env, secrets),
    labels: row.labels.map((l) => l.name).sort(),
    assignee: row.assignee ?? undefined,
  };
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The task as `cronboard export` writes it: only fields that differ from their defaults (and the timezone when not the default one). */
export function exportDocument(row: TaskRow, defaultTimezone: string): JobDocument {
  const doc = jobFields(row, 'reference');
  const out: JobDocument = {};
  for (const [field, value] of Object.entries(doc)) {
    if (field === 'timezone' ? value === defaultTimezone : field in DEFAULTS && same(DEFAULTS[field], value)) continue;
    if (field === 'name' && value === row.key) continue;
    if (field === 'http' && (value as { method?: string }).method === 'GET') {
      const { method: _method, ...rest } = value as Record<string, unknown>;
      out.http = rest;
      continue;
    }
    out[field] = value;
  }
  return out;
}

/** Field → [before, after] for every field that differs. */
export function jobChanges(before: JobDocument, after: JobDocument): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!same(before[field], after[field])) changes[field] = [before[field] ?? null, after[field] ?? null];
  }
  return changes;
}
