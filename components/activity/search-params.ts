// The activity feed's filters <-> URL search params (server prefetch and client share it).
import { EVENT_FILTER_CHOICES, isEventPattern } from '@/server/events/schemas';

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
    ...(type && isEventPattern(type) ? { type } : {}),
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

/** Each event family, then its types (the catalogue, server/events/catalogue.ts). */
export const EVENT_TYPE_CHOICES = EVENT_FILTER_CHOICES;

export const ACTIVITY_PAGE_SIZE = 50;
