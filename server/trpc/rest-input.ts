// What the REST API reads from a request besides its input: If-Match, the
// Idempotency-Key, and which trigger a run records. tRPC calls come through
// the same procedures without these headers.
import { z } from 'zod';
import { AppError } from '../errors';
import { TASK_KINDS } from '../tasks/constants';
import { taskInputSchema } from '../tasks/schemas';
import type { Context } from './context';

/** The task version from `If-Match: "3"` (or `W/"3"`, or `3`); undefined without the header. */
export function ifMatchVersion(ctx: Pick<Context, 'headers'>): number | undefined {
  const raw = ctx.headers.get('if-match');
  if (raw === null) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!match) {
    const message = 'must be the task version, e.g. If-Match: "3" (the `version` field of the task)';
    throw new AppError('BAD_REQUEST', `If-Match: ${message}`, { issues: [{ path: 'If-Match', message }] });
  }
  return Number(match[1]);
}

/** Runs asked for through the REST API record trigger `api`; through tRPC (the web app), `manual`. */
export function runTriggerOf(ctx: Pick<Context, 'transport'>): 'api' | 'manual' {
  return ctx.transport === 'rest' ? 'api' : 'manual';
}

/** The caller's Idempotency-Key for `request` (e.g. `POST /tasks/backup/run`), scoped to who sends it. */
export function idempotencyOf(ctx: Pick<Context, 'headers' | 'actor'>, request: string): { scope: string; key: string; request: string } | undefined {
  const key = ctx.headers.get('idempotency-key');
  if (key === null) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    const message = 'must be 1 to 200 visible ASCII characters (a UUID fits)';
    throw new AppError('BAD_REQUEST', `Idempotency-Key: ${message}`, { issues: [{ path: 'Idempotency-Key', message }] });
  }
  return { scope: `${ctx.actor?.type ?? 'anonymous'}:${ctx.actor?.id ?? ''}`, key, request };
}

/**
 * A task body may leave out `kind` when exactly one of command / httpUrl / handler / scriptBody is given;
 * a field sent as null is left out (its default), so the GET of a task can be PUT back as it is.
 */
function restTaskBody(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const body = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
  if ('kind' in body) return body;
  const given = (['command', 'httpUrl', 'handler', 'scriptBody'] as const).filter((f) => body[f] !== undefined && body[f] !== null);
  if (given.length !== 1) return value;
  const kind = ({ command: 'shell', httpUrl: 'http', handler: 'handler', scriptBody: 'script' } as const)[given[0]!];
  return { ...body, kind };
}

/** The REST body of a task (POST /tasks, PUT /tasks/{key}): the task form's fields, `kind` optional as above. */
export const apiTaskBodySchema = z.preprocess(restTaskBody, taskInputSchema);

const unwrapDefault = (schema: z.ZodType): z.ZodType => (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema);

/** PATCH /tasks/{key}: any of the form's fields (the column excepted: move the card); absent fields stay, null clears. */
export const apiTaskPatchSchema = z.object({
  key: taskInputSchema.shape.key,
  ...Object.fromEntries(
    Object.entries(taskInputSchema.shape)
      .filter(([field]) => field !== 'key' && field !== 'status')
      .map(([field, schema]) => [field, unwrapDefault(schema as z.ZodType).nullable().optional()]),
  ),
  kind: z.enum(TASK_KINDS).optional(),
});
