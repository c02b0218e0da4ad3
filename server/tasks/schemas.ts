import { z } from 'zod';
import '../lib/zod-messages';
import { scheduleFieldsSchema } from '../schedules';
import {
  BACKOFF_KINDS,
  HTTP_METHODS,
  MISFIRE_POLICIES,
  OVERLAP_POLICIES,
  PRIORITIES,
  SCRIPT_INTERPRETERS,
  TASK_KINDS,
  TASK_STATUSES,
} from './constants';
import { envSchema, httpHeadersSchema } from './entries';

// Input shapes of the task domain: one zod schema per shape, shared by tRPC,
// the task form, the CLI, YAML import and the REST API. The per-field limits
// live here, so every way in refuses the same values with the field named.

/** Per-field size limits (bytes of UTF-8 unless named otherwise). */
export const TASK_LIMITS = {
  nameChars: 200,
  descriptionChars: 20_000,
  commandBytes: 64 * 1024,
  /** For the script kind (inline body run by an interpreter). */
  scriptBytes: 256 * 1024,
  httpUrlBytes: 8 * 1024,
  httpBodyBytes: 64 * 1024,
  payloadBytes: 64 * 1024,
  payloadDepth: 32,
  cwdBytes: 4096,
  handlerChars: 200,
} as const;

export const taskKeySchema = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .max(80, { error: 'must be at most 80 characters' })
  .regex(/^[a-z0-9][a-z0-9._-]*$/, {
    error: 'must be lowercase letters, digits, dot, dash or underscore, starting with a letter or digit (e.g. nightly-backup)',
  });

/** How long a key made from a name may be: room is left for quick add's `-1a2b` when the key is taken. */
const KEY_FROM_NAME_MAX = 60;

/**
 * The key the task form proposes and quick add uses for a name: `Nightly
 * backup!` → `nightly-backup`, `Café crème` → `cafe-creme`. Accents are
 * dropped, every other run of characters outside a-z and 0-9 becomes one
 * dash, and it is cut to 60 characters without a trailing dash. A name with
 * no letter or digit gives '' (the caller decides what then).
 */
export function keyFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, KEY_FROM_NAME_MAX)
    .replace(/-+$/, '');
}

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
const sizeText = (bytes: number) => (bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} bytes`);

/** A string without null bytes, at most `maxBytes` of UTF-8. */
const text = (maxBytes: number) =>
  z
    .string()
    .refine((s) => !s.includes('\0'), { error: 'must not contain a null byte' })
    .refine((s) => utf8Bytes(s) <= maxBytes, { error: `must be at most ${sizeText(maxBytes)}` });

const noNul = (schema: z.ZodString) => schema.refine((s) => !s.includes('\0'), { error: 'must not contain a null byte' });

/** Nesting depth of a JSON value: a scalar is 0, `[]`/`{}` are 1. */
function jsonDepth(value: unknown, limit: number, depth = 0): number {
  if (depth > limit || value === null || typeof value !== 'object') return depth;
  let max = depth + 1;
  for (const child of Object.values(value)) {
    max = Math.max(max, jsonDepth(child, limit, depth + 1));
    if (max > limit) break;
  }
  return max;
}

/** A payload's limits: nesting depth, then size as JSON. */
const withinPayloadLimits = <T extends z.ZodType>(schema: T) =>
  schema
    .refine((v) => jsonDepth(v, TASK_LIMITS.payloadDepth) <= TASK_LIMITS.payloadDepth, {
      error: `must be nested at most ${TASK_LIMITS.payloadDepth} levels deep`,
      abort: true,
    })
    .refine((v) => utf8Bytes(JSON.stringify(v)) <= TASK_LIMITS.payloadBytes, { error: `must be at most ${sizeText(TASK_LIMITS.payloadBytes)} as JSON` });

const payloadSchema = withinPayloadLimits(z.json());

/**
 * Run now's `payload` override (REST, tRPC, `cronboard run --payload`): a JSON
 * object, within the task payload's limits, for that run instead of the task's.
 */
export const runPayloadSchema = withinPayloadLimits(
  z.record(z.string(), z.json(), { error: 'must be a JSON object, e.g. {"date": "2026-12-01"}' }),
);

/** `sh`, `bash`, `python3`, `node`, or an absolute path on the worker (no arguments: the body is the script). */
export const scriptInterpreterSchema = noNul(z.string().trim().max(TASK_LIMITS.cwdBytes)).refine(
  (s) => (SCRIPT_INTERPRETERS as readonly string[]).includes(s) || (s.startsWith('/') && !/\s/.test(s)),
  { error: `must be one of ${SCRIPT_INTERPRETERS.join(', ')} or an absolute path on the worker (e.g. /usr/bin/ruby)` },
);

export const taskInputSchema = z
  .object({
    key: taskKeySchema,
    name: noNul(z.string().trim().min(1, { error: 'is required' }).max(TASK_LIMITS.nameChars, { error: `must be at most ${TASK_LIMITS.nameChars} characters` })),
    description: noNul(z.string().max(TASK_LIMITS.descriptionChars, { error: `must be at most ${TASK_LIMITS.descriptionChars} characters` })).default(''),
    kind: z.enum(TASK_KINDS),
    command: text(TASK_LIMITS.commandBytes).pipe(z.string().trim().min(1)).optional(),
    httpMethod: z.enum(HTTP_METHODS).optional(),
    httpUrl: text(TASK_LIMITS.httpUrlBytes).pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })).optional(),
    httpHeaders: httpHeadersSchema.optional(),
    httpBody: text(TASK_LIMITS.httpBodyBytes).optional(),
    handler: noNul(z.string().trim().min(1).max(TASK_LIMITS.handlerChars)).optional(),
    payload: payloadSchema.optional(),
    scriptBody: text(TASK_LIMITS.scriptBytes).refine((s) => s.trim() !== '', { error: 'must not be empty' }).optional(),
    scriptInterpreter: scriptInterpreterSchema.optional(),
    cwd: text(TASK_LIMITS.cwdBytes).pipe(z.string().trim().min(1)).optional(),
    env: envSchema.optional(),
    schedule: noNul(z.string().trim().min(1).max(200)).default('manual'),
    timezone: noNul(z.string().trim().min(1).max(100)).optional(),
    priority: z.enum(PRIORITIES).default('medium'),
    maxRetries: z.number().int().min(0).max(100).default(0),
    retryBackoff: z.enum(BACKOFF_KINDS).default('exponential'),
    retryDelaySeconds: z.number().int().min(0).max(86_400).default(30),
    retryMaxDelaySeconds: z.number().int().min(0).max(7 * 86_400).default(3600),
    /** Each retry delay is moved by up to ± this fraction of it (0.1: ±10 %), so retries of many tasks spread out. */
    retryJitter: z.number().min(0, { error: 'must be between 0 and 1' }).max(1, { error: 'must be between 0 and 1' }).default(0.1),
    timeoutSeconds: z.number().int().min(1).max(7 * 86_400).optional(),
    overlap: z.enum(OVERLAP_POLICIES).default('skip'),
    maxInstances: z.number().int().min(1).max(1000).default(1),
    misfire: z.enum(MISFIRE_POLICIES).default('coalesce'),
    misfireGraceSeconds: z.number().int().min(0).max(7 * 86_400).default(300),
    /** With misfire catch_up: at most this many missed fire times are run (the latest ones). */
    catchUpLimit: z.number().int().min(1).max(1000).default(10),
    paused: z.boolean().default(false),
    status: z.enum(TASK_STATUSES).default('todo'),
    labels: z.array(noNul(z.string().trim().min(1).max(40))).max(20).default([]),
    assignee: noNul(z.string().trim().min(1).max(200)).optional(),
  })
  .superRefine((task, ctx) => {
    if (task.kind === 'shell' && !task.command) ctx.addIssue({ code: 'custom', path: ['command'], message: 'is required for a shell task' });
    if (task.kind === 'http' && !task.httpUrl) ctx.addIssue({ code: 'custom', path: ['httpUrl'], message: 'is required for an http task' });
    if (task.kind === 'handler' && !task.handler) ctx.addIssue({ code: 'custom', path: ['handler'], message: 'is required for a handler task' });
    if (task.kind === 'script' && !task.scriptBody) ctx.addIssue({ code: 'custom', path: ['scriptBody'], message: 'is required for a script task' });
    if (task.kind === 'script' && !task.scriptInterpreter) ctx.addIssue({ code: 'custom', path: ['scriptInterpreter'], message: 'is required for a script task' });
  });

export type TaskInput = z.input<typeof taskInputSchema>;
export type ParsedTaskInput = z.output<typeof taskInputSchema>;

/** Checks schedule + timezone together with the one schedule parser. */
export const taskScheduleSchema = scheduleFieldsSchema;
