// The activity feed's filters <-> URL search params (server prefetch and client
// share it), checked by the events.list schema (eventListInputSchema): invalid
// values are dropped, so a hand-edited URL does not turn the page into an error.
import { EVENT_FILTER_CHOICES, eventListInputSchema, type EventListInput } from '@/server/events/schemas';
import { filtersFromSearch, searchFromFilters, type SearchParamsLike, type UrlFields } from '@/components/ui/url-filters';

export type ActivityFilters = Pick<EventListInput, 'taskKey' | 'type' | 'actor'>;

const ACTIVITY_URL_FIELDS: UrlFields<ActivityFilters> = {
  taskKey: { param: 'task' },
  type: { param: 'type' },
  actor: { param: 'actor' },
};

export function activityFiltersFromParams(params: SearchParamsLike): ActivityFilters {
  return filtersFromSearch(eventListInputSchema, ACTIVITY_URL_FIELDS, params);
}

export function paramsFromActivityFilters(filters: ActivityFilters): URLSearchParams {
  return searchFromFilters(ACTIVITY_URL_FIELDS, filters);
}

/** Each event family, then its types (the catalogue, server/events/catalogue.ts). */
export const EVENT_TYPE_CHOICES = EVENT_FILTER_CHOICES;

export const ACTIVITY_PAGE_SIZE = 50;
