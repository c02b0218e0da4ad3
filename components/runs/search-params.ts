// The runs table's filters <-> URL search params, one mapping for the server
// page (prefetch) and the client table, checked by the runs.list schema
// (runFiltersSchema): invalid values are dropped, and the filter bar shows what
// was kept.
import { runFiltersSchema, type RunFilters } from '@/server/runs/schemas';
import { filtersFromSearch, readDate, searchFromFilters, type SearchParamsLike, type UrlFields } from '@/components/ui/url-filters';

const RUN_URL_FIELDS: UrlFields<RunFilters> = {
  status: { param: 'status' },
  taskKey: { param: 'task' },
  trigger: { param: 'trigger' },
  from: { param: 'from', read: readDate },
  to: { param: 'to', read: readDate },
};

export function filtersFromParams(params: SearchParamsLike): RunFilters {
  return filtersFromSearch(runFiltersSchema, RUN_URL_FIELDS, params);
}

export function paramsFromFilters(filters: RunFilters): URLSearchParams {
  return searchFromFilters(RUN_URL_FIELDS, filters);
}

export const RUNS_PAGE_SIZE = 50;
