// The event families and each event type's payload: the types half of the
// catalogue (server/events/catalogue.ts re-exports them; import from there).
//
// No server-only imports: the activity filter in the browser reads it.

export const EVENT_FAMILIES = {
  run: 'Runs',
  task: 'Tasks',
  worker: 'Workers',
  user: 'Users and tokens',
  board: 'Board',
  jobs: 'Job files',
  webhook: 'Webhooks',
  scheduler: 'Scheduler',
  alert: 'Alerts',
} as const;
export type EventFamily = keyof typeof EVENT_FAMILIES;

/** A finished run (the worker's finish, the reaper). */
interface RunFinished {
  attempt: number;
  exitCode: number | null;
  error: string | null;
  durationMs: number | null;
}
interface UserRef {
  userId: string;
  email: string;
}
interface TokenRef {
  tokenId: string;
  name: string;
  /** The token's user's email. */
  user: string;
}

/** An alert incident's event (server/alerts/): its rule, what happened; the task and run are the event's own. */
interface AlertRef {
  ruleId: string;
  incidentId: number;
  /** failures | recovery | missed | too_long */
  kind: string;
  reason: string;
  /** Not sent to the rule's channel (a recovery rule's incident opening). */
  silent?: true;
}

/** What each type carries in Event.payload (JSON). Writers are type-checked against it. */
export interface EventPayloads {
  'run.queued': { trigger: string; retryOf?: number; scheduledFor?: string } | { requeued: true; reason: string };
  'run.started': { attempt: number };
  'run.succeeded': RunFinished;
  'run.failed': RunFinished;
  'run.timed_out': RunFinished;
  'run.cancelled': RunFinished | { was: 'queued' };
  'run.skipped': { trigger: string; scheduledFor: string };
  'run.retry_scheduled': { retryOf: number; attempt: number; availableAt: string; delayMs: number };
  'task.created': { name: string; schedule: string; status: string; source: string };
  'task.updated': { changed: string[]; version: number; previousKey?: string } | { schedulePaused: true; reason: string };
  'task.moved': {
    from: string;
    to: string;
    reason: string;
    fromTitle?: string;
    toTitle?: string;
    position?: number;
    boardVersion?: number;
    cancelledRunIds?: number[];
    cancelRequestedRunIds?: number[];
  };
  'task.paused': { version: number };
  'task.resumed': { version: number; nextRunAt: string | null };
  'task.deleted': { name: string; runs: number; force?: true; cancelRequested?: number[] };
  'task.detached': { file: string; version: number };
  'task.chain_stopped': { eventId: number; eventType: string; depth: number; limit: number; loop: string[] };
  'worker.started': { host: string; pid: number; concurrency: number; version: string };
  'worker.stopped': { reason: string };
  'worker.lost': { workerId: string; name: string };
  'user.created': UserRef & { role: string; firstAdmin: boolean };
  'user.role_changed': UserRef & { from: string; to: string };
  'user.disabled': UserRef;
  'user.enabled': UserRef;
  'user.login': { ip: string };
  'user.token_created': TokenRef & { role?: string | null };
  'user.token_revoked': TokenRef;
  'board.wip_limit_set': { status: string; column: string; wipLimit: number | null };
  'jobs.sync_failed': { folder: string; problems: string[] };
  /** Delivered only to this endpoint ("Send test event"). */
  'webhook.test': { endpointId: string; url: string };
  'webhook.disabled': { endpointId: string; url: string; reason: string };
  /** The global scheduler switch (server/scheduler/). */
  'scheduler.paused': { since: string; by: string };
  'scheduler.resumed': { pausedSince: string | null; pausedBy: string | null };
  'alert.opened': AlertRef;
  'alert.reminder': AlertRef;
  'alert.resolved': AlertRef & { by: string };
}
export type EventType = keyof EventPayloads;
export type EventPayload<T extends EventType> = EventPayloads[T];
