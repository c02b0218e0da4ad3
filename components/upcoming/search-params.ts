// The timeline's window and filters <-> URL, checked by schedules.upcoming's schema.
import { timelineInputSchema, type TimelineInput } from '@/server/tasks/timeline-schemas';
import { filtersFromSearch, searchFromFilters, type SearchParamsLike, type UrlFields } from '@/components/ui/url-filters';

export type TimelineFilters = Pick<TimelineInput, 'window' | 'q' | 'priority' | 'label'>;

const FIELDS: UrlFields<TimelineFilters> = {
  window: { param: 'window' },
  q: { param: 'q' },
  priority: { param: 'priority' },
  label: { param: 'label' },
};

export function timelineFiltersFromParams(params: SearchParamsLike): TimelineFilters {
  const filters = filtersFromSearch(timelineInputSchema, FIELDS, params);
  // 24 h is the default: left out, so the query key is the same with and without it.
  if (filters.window === '24h') delete filters.window;
  return filters;
}

export function paramsFromTimelineFilters(filters: TimelineFilters): URLSearchParams {
  return searchFromFilters(FIELDS, { ...filters, window: filters.window === '24h' ? undefined : filters.window });
}
