import { z } from 'zod';
import { scheduleFieldsSchema } from '../schedules';
import {
  BACKOFF_KINDS,
  HTTP_METHODS,
  MISFIRE_POLICIES,
  OVERLAP_POLICIES,
  PRIORITIES,
  TASK_KINDS,
  TASK_STATUSES,
} from './constants';

// Input shapes of the task domain: one zod schema per shape, shared by tRPC,
// the task form, the CLI, YAML import and the REST API.

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

const jsonObject = z.record(z.string(), z.string());

export const taskInputSchema = z
  .object({
    key: taskKeySchema,
    name: z.string().trim().min(1, { error: 'is required' }).max(200, { error: 'must be at most 200 characters' }),
    description: z.string().max(20_000).default(''),
    kind: z.enum(TASK_KINDS),
    command: z.string().trim().min(1).optional(),
    httpMethod: z.enum(HTTP_METHODS).optional(),
    httpUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    httpHeaders: jsonObject.optional(),
    httpBody: z.string().optional(),
    handler: z.string().trim().min(1).optional(),
    payload: z.json().optional(),
    cwd: z.string().trim().min(1).optional(),
    env: jsonObject.optional(),
    schedule: z.string().trim().min(1).default('manual'),
    timezone: z.string().trim().min(1).optional(),
    priority: z.enum(PRIORITIES).default('medium'),
    maxRetries: z.number().int().min(0).max(100).default(0),
    retryBackoff: z.enum(BACKOFF_KINDS).default('exponential'),
    retryDelaySeconds: z.number().int().min(0).max(86_400).default(30),
    retryMaxDelaySeconds: z.number().int().min(0).max(7 * 86_400).default(3600),
    timeoutSeconds: z.number().int().min(1).max(7 * 86_400).optional(),
    overlap: z.enum(OVERLAP_POLICIES).default('skip'),
    maxInstances: z.number().int().min(1).max(1000).default(1),
    misfire: z.enum(MISFIRE_POLICIES).default('coalesce'),
    misfireGraceSeconds: z.number().int().min(0).max(7 * 86_400).default(300),
    paused: z.boolean().default(false),
    status: z.enum(TASK_STATUSES).default('todo'),
    labels: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
    assignee: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((task, ctx) => {
    if (task.kind === 'shell' && !task.command) ctx.addIssue({ code: 'custom', path: ['command'], message: 'is required for a shell task' });
    if (task.kind === 'http' && !task.httpUrl) ctx.addIssue({ code: 'custom', path: ['httpUrl'], message: 'is required for an http task' });
    if (task.kind === 'handler' && !task.handler) ctx.addIssue({ code: 'custom', path: ['handler'], message: 'is required for a handler task' });
  });

export type TaskInput = z.input<typeof taskInputSchema>;
export type ParsedTaskInput = z.output<typeof taskInputSchema>;

/** Checks schedule + timezone together with the one schedule parser. */
export const taskScheduleSchema = scheduleFieldsSchema;
