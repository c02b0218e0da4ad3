// The activity feed's filters <-> URL search params (server prefetch and client share it).
type Params = Record<string, string | string[] | undefined> | URLSearchParams;

export interface ActivityFilters {
  taskKey?: string;
  type?: string;
  actor?: string;
}

function get(params: Params, key: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(key) : params[key];
  const one = Array.isArray(value) ? value[0] : value;
  return one === null || one === undefined || one.trim() === '' ? undefined : one.trim().slice(0, 200);
}

export function activityFiltersFromParams(params: Params): ActivityFilters {
  const type = get(params, 'type');
  return {
    ...(get(params, 'task') ? { taskKey: get(params, 'task') } : {}),
    // Only what the server accepts, so a hand-edited URL does not turn the page into an error.
    ...(type && /^[a-z_.]+$/.test(type) ? { type } : {}),
    ...(get(params, 'actor') ? { actor: get(params, 'actor') } : {}),
  };
}

export function paramsFromActivityFilters(filters: ActivityFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (filters.taskKey) p.set('task', filters.taskKey);
  if (filters.type) p.set('type', filters.type);
  if (filters.actor) p.set('actor', filters.actor);
  return p;
}

export const EVENT_TYPE_CHOICES = [
  'run',
  'run.queued',
  'run.started',
  'run.succeeded',
  'run.failed',
  'run.timed_out',
  'run.cancelled',
  'run.retry_scheduled',
  'task',
  'task.created',
  'task.updated',
  'task.moved',
  'task.paused',
  'task.resumed',
  'task.deleted',
  'worker',
  'worker.started',
  'worker.stopped',
  'worker.lost',
] as const;

export const ACTIVITY_PAGE_SIZE = 50;
