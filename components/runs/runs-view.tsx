'use client';

import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { RunFilterBar } from './run-filter-bar';
import { RunsTable } from './runs-table';
import { filtersFromParams } from './search-params';
import { StatusFilters } from './status-filters';

/** The job-status view: the filters live in the URL, so a reload or a shared link shows the same runs. */
export function RunsView() {
  const params = useSearchParams();
  const key = params.toString();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(key)), [key]);
  return (
    <>
      <StatusFilters filters={filters} />
      <RunFilterBar filters={filters} />
      <RunsTable key={key} filters={filters} />
    </>
  );
}
