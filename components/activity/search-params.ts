// The activity feed's filters <-> URL search params (server prefetch and client
// share it), checked by the events.list schema (eventListInputSchema): invalid
// values are dropped, so a hand-edited URL does not turn the page into an error.
import { EVENT_FILTER_CHOICES, activityListInputSchema, type ActivityListInput } from '@/server/events/schemas';
import { filtersFromSearch, searchFromFilters, type SearchParamsLike, type UrlFields } from '@/components/ui/url-filters';

export type ActivityFilters = Pick<ActivityListInput, 'taskKey' | 'type' | 'actor' | 'workerMoves'>;

const ACTIVITY_URL_FIELDS: UrlFields<ActivityFilters> = {
  taskKey: { param: 'task' },
  type: { param: 'type' },
  actor: { param: 'actor' },
  // `?moves=worker`: the worker's board moves get rows of their own.
  workerMoves: { param: 'moves', read: (text) => text === 'worker' || text === 'true' },
};

export function activityFiltersFromParams(params: SearchParamsLike): ActivityFilters {
  const filters = filtersFromSearch(activityListInputSchema, ACTIVITY_URL_FIELDS, params);
  // Off is the default: leave it out, so the URL and the query key stay the same as with no parameter.
  if (!filters.workerMoves) delete filters.workerMoves;
  return filters;
}

export function paramsFromActivityFilters(filters: ActivityFilters): URLSearchParams {
  const params = searchFromFilters(ACTIVITY_URL_FIELDS, { ...filters, workerMoves: undefined });
  if (filters.workerMoves) params.set('moves', 'worker');
  return params;
}

/** Each event family, then its types (the catalogue, server/events/catalogue.ts). */
export const EVENT_TYPE_CHOICES = EVENT_FILTER_CHOICES;

export const ACTIVITY_PAGE_SIZE = 50;
