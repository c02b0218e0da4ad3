'use client';

import { FilterBar } from '@/components/ui/filter-bar';
import { RUN_TRIGGERS, type RunFilters } from '@/server/runs/schemas';
import { filtersFromParams, paramsFromFilters } from './search-params';

const TRIGGER_OPTIONS = RUN_TRIGGERS.map((t) => ({ value: t, label: t }));

/** Task, trigger and time range filters; applying them rewrites the URL (the status filter is kept). */
export function RunFilterBar({ filters }: { filters: RunFilters }) {
  return (
    <FilterBar
      label="Filter runs"
      path="/runs"
      filtered={Object.values(filters).some((v) => v !== undefined)}
      fields={[
        { kind: 'text', name: 'task', label: 'Task key', value: filters.taskKey, placeholder: 'any task', width: 'w-44' },
        { kind: 'select', name: 'trigger', label: 'Trigger', value: filters.trigger, options: TRIGGER_OPTIONS, width: 'w-32' },
        { kind: 'datetime', name: 'from', label: 'Queued from', value: filters.from },
        { kind: 'datetime', name: 'to', label: 'until', value: filters.to },
      ]}
      // The form's names are the URL's, so the typed values go through the URL's own check (datetime-local text is local time).
      toSearch={(values) => paramsFromFilters({ ...filtersFromParams(values), status: filters.status })}
    />
  );
}
