// The one catalogue of event types: every type any writer records (recordEvent,
// the queue's batched inserts, the claim and enqueue CTEs), its payload, the
// sentence the activity feed prints, and its family for filters and patterns
// (`run`, `run.*`). Webhooks, the SSE stream and alerts read it too.
//
// No server-only imports: the activity filter in the browser reads it.
import { STATUS_TITLES, type TaskStatus } from '../tasks/constants';
import { EVENT_FAMILIES, type EventFamily, type EventType } from './event-payloads';

export { EVENT_FAMILIES, type EventFamily, type EventPayload, type EventPayloads, type EventType } from './event-payloads';

/** What a sentence is made of. `payload` comes from the database: read it defensively. */
export interface SentenceParts {
  /** "worker w1", "token deploy-bot", a user's or the system's name. */
  who: string;
  /** The task key, or "a deleted task". */
  task: string;
  /** "run #12", or "a run". */
  run: string;
  payload: Record<string, unknown>;
}

export interface EventTypeSpec {
  family: EventFamily;
  /** Short label for filters and lists ("run failed"). */
  label: string;
  /** The activity feed's sentence. */
  sentence(parts: SentenceParts): string;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const column = (v: unknown): string | undefined => {
  const s = str(v);
  return s === undefined ? undefined : (STATUS_TITLES[s as TaskStatus] ?? s);
};
const did = (family: EventFamily, label: string, verb: string): EventTypeSpec => ({
  family,
  label,
  sentence: ({ who, task, run }) => (family === 'run' ? `${who} ${verb} ${run} of ${task}` : `${who} ${verb} ${task}`),
});

export const EVENT_TYPES: { readonly [T in EventType]: EventTypeSpec } = {
  'run.queued': {
    family: 'run',
    label: 'run queued',
    sentence: ({ who, task, run, payload }) => {
      if (payload.requeued) return `${who} put ${run} of ${task} back in the queue`;
      const retryOf = num(payload.retryOf);
      return `${who} queued ${run} of ${task}${retryOf === undefined ? '' : ` (retry of run #${retryOf})`}`;
    },
  },
  'run.started': did('run', 'run started', 'started'),
  'run.succeeded': {
    family: 'run',
    label: 'run succeeded',
    sentence: ({ who, task, run }) => `${run} of ${task} succeeded (${who})`,
  },
  'run.failed': {
    family: 'run',
    label: 'run failed',
    sentence: ({ who, task, run, payload }) => {
      const error = str(payload.error);
      return `${run} of ${task} failed${error ? `: ${error}` : ''} (${who})`;
    },
  },
  'run.timed_out': {
    family: 'run',
    label: 'run timed out',
    sentence: ({ who, task, run }) => `${run} of ${task} timed out (${who})`,
  },
  'run.cancelled': did('run', 'run cancelled', 'cancelled'),
  'run.skipped': did('run', 'run skipped', 'skipped'),
  'run.retry_scheduled': {
    family: 'run',
    label: 'retry scheduled',
    sentence: ({ who, task, run, payload }) => {
      const attempt = num(payload.attempt);
      return `${who} scheduled ${run} of ${task} as a retry${attempt === undefined ? '' : ` (attempt ${attempt})`}`;
    },
  },
  'task.created': did('task', 'task created', 'created'),
  'task.updated': did('task', 'task updated', 'updated'),
  'task.moved': {
    family: 'task',
    label: 'task moved',
    sentence: ({ who, task, payload }) => {
      const to = column(payload.to);
      return `${who} moved ${task}${to ? ` to ${to}` : ''}`;
    },
  },
  'task.paused': did('task', 'task paused', 'paused'),
  'task.resumed': did('task', 'task resumed', 'resumed'),
  'task.deleted': did('task', 'task deleted', 'deleted'),
  'task.detached': {
    family: 'task',
    label: 'task detached from its file',
    sentence: ({ who, task, payload }) => `${who} detached ${task} from ${str(payload.file) ?? 'its job file'}`,
  },
  'task.chain_stopped': {
    family: 'task',
    label: 'chain stopped (loop)',
    sentence: ({ task, payload }) => {
      const loop = Array.isArray(payload.loop) ? payload.loop.filter((k) => typeof k === 'string').join(' → ') : '';
      return `${task} was not started: a chain of event-triggered runs ${num(payload.depth) ?? 'too many'} deep${loop ? ` (loop: ${loop})` : ''}`;
    },
  },
  'worker.started': { family: 'worker', label: 'worker started', sentence: ({ who }) => `${who} started` },
  'worker.stopped': { family: 'worker', label: 'worker stopped', sentence: ({ who }) => `${who} stopped` },
  'worker.lost': {
    family: 'worker',
    label: 'worker lost',
    sentence: ({ who, payload }) => `${who} marked worker ${str(payload.name) ?? ''} as lost`.replace('  ', ' '),
  },
  'user.created': {
    family: 'user',
    label: 'user created',
    sentence: ({ who, payload }) =>
      `${who} created user ${str(payload.email) ?? '?'}${str(payload.role) ? ` (${str(payload.role)})` : ''}`,
  },
  'user.role_changed': {
    family: 'user',
    label: 'role changed',
    sentence: ({ who, payload }) => `${who} made ${str(payload.email) ?? 'a user'} ${str(payload.to) ?? 'something else'}`,
  },
  'user.disabled': {
    family: 'user',
    label: 'user disabled',
    sentence: ({ who, payload }) => `${who} disabled ${str(payload.email) ?? 'a user'}`,
  },
  'user.enabled': {
    family: 'user',
    label: 'user enabled',
    sentence: ({ who, payload }) => `${who} enabled ${str(payload.email) ?? 'a user'}`,
  },
  'user.login': { family: 'user', label: 'signed in', sentence: ({ who }) => `${who} signed in` },
  'user.token_created': {
    family: 'user',
    label: 'token created',
    sentence: ({ who, payload }) =>
      `${who} created the API token “${str(payload.name) ?? '?'}” for ${str(payload.user) ?? 'a user'}`,
  },
  'user.token_revoked': {
    family: 'user',
    label: 'token revoked',
    sentence: ({ who, payload }) =>
      `${who} revoked the API token “${str(payload.name) ?? '?'}” of ${str(payload.user) ?? 'a user'}`,
  },
  'board.wip_limit_set': {
    family: 'board',
    label: 'WIP limit set',
    sentence: ({ who, payload }) => {
      const limit = num(payload.wipLimit);
      const col = column(payload.status) ?? 'a column';
      return limit === undefined ? `${who} removed the WIP limit of ${col}` : `${who} set the WIP limit of ${col} to ${limit}`;
    },
  },
  'jobs.sync_failed': {
    family: 'jobs',
    label: 'job files sync failed',
    sentence: ({ who, payload }) => {
      const problems = Array.isArray(payload.problems) ? payload.problems.filter((p): p is string => typeof p === 'string') : [];
      return `${who} could not apply ${problems.length} problem(s) in ${str(payload.folder) ?? 'the jobs folder'}${problems[0] ? `: ${problems[0]}` : ''}`;
    },
  },
  'webhook.test': {
    family: 'webhook',
    label: 'webhook test event',
    sentence: ({ who, payload }) => `${who} sent a test event to ${str(payload.url) ?? 'a webhook endpoint'}`,
  },
  'webhook.disabled': {
    family: 'webhook',
    label: 'webhook endpoint disabled',
    sentence: ({ who, payload }) => `${who} disabled the webhook endpoint ${str(payload.url) ?? '?'}: ${str(payload.reason) ?? 'it kept failing'}`,
  },
  'scheduler.paused': {
    family: 'scheduler',
    label: 'scheduler paused',
    sentence: ({ who }) => `${who} paused the scheduler: scheduled runs are not being created`,
  },
  'scheduler.resumed': { family: 'scheduler', label: 'scheduler resumed', sentence: ({ who }) => `${who} resumed the scheduler` },
  'alert.opened': {
    family: 'alert',
    label: 'alert opened',
    sentence: ({ task, payload }) => `Alert on ${task}: ${str(payload.reason) ?? 'a rule fired'}`,
  },
  'alert.reminder': {
    family: 'alert',
    label: 'alert reminder',
    sentence: ({ task, payload }) => `Still alerting on ${task}: ${str(payload.reason) ?? 'a rule fired'}`,
  },
  'alert.resolved': {
    family: 'alert',
    label: 'alert resolved',
    sentence: ({ task, payload }) => `Alert on ${task} resolved${str(payload.by) ? ` (${str(payload.by)})` : ''}`,
  },
};

/** Every type, in catalogue order (grouped by family). */
export const EVENT_TYPE_LIST = Object.keys(EVENT_TYPES) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_TYPES, value);
}

export function isEventFamily(value: string): value is EventFamily {
  return Object.hasOwn(EVENT_FAMILIES, value);
}

/**
 * The types a pattern names: an exact type (`run.failed`), a family (`run`, or
 * `run.*`), or `*` for all. Unknown patterns match nothing.
 */
export function eventTypesMatching(pattern: string): EventType[] {
  if (pattern === '*') return [...EVENT_TYPE_LIST];
  const family = pattern.endsWith('.*') ? pattern.slice(0, -2) : pattern;
  if (isEventFamily(family)) return EVENT_TYPE_LIST.filter((t) => EVENT_TYPES[t].family === family);
  return isEventType(pattern) ? [pattern] : [];
}

/** A pattern that names at least one type (what filters and subscriptions accept). */
export function isEventPattern(pattern: string): boolean {
  return eventTypesMatching(pattern).length > 0;
}

/** The activity filter's choices: each family, then its types. */
export const EVENT_FILTER_CHOICES: readonly string[] = (Object.keys(EVENT_FAMILIES) as EventFamily[]).flatMap((family) => [
  family,
  ...EVENT_TYPE_LIST.filter((t) => EVENT_TYPES[t].family === family),
]);
