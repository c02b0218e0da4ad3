'use client';

import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';
import { EmptyState } from '@/components/ui/data-table';
import { FilterBar } from '@/components/ui/filter-bar';
import { ActivityRowItem } from './activity-row';
import { ACTIVITY_PAGE_SIZE, EVENT_TYPE_CHOICES, activityFiltersFromParams, paramsFromActivityFilters } from './search-params';

function typeLabel(type: string): string {
  return type.includes('.') ? type : `all ${type} events`;
}

const TYPE_OPTIONS = EVENT_TYPE_CHOICES.map((t) => ({ value: t, label: typeLabel(t) }));

/**
 * The activity feed, newest first: one row per run (open it for its queued,
 * started, moved and finished events), one per event outside a run; failures
 * stand out. Filtered by task, type and actor (all in the URL), a page at a time.
 */
export function ActivityList() {
  const trpc = useTRPC();
  const pathname = usePathname();
  const params = useSearchParams();
  const key = params.toString();
  const filters = useMemo(() => activityFiltersFromParams(new URLSearchParams(key)), [key]);
  const queryClient = useQueryClient();
  // Refetched on every event from the events stream; polled every 10 s while the stream is down.
  const live = useEventStream({
    types: ['*'],
    onChange: () => void queryClient.invalidateQueries({ queryKey: trpc.events.activity.infiniteQueryKey() }),
  });
  const events = useInfiniteQuery({
    ...trpc.events.activity.infiniteQueryOptions({ ...filters, limit: ACTIVITY_PAGE_SIZE }, { getNextPageParam: (p) => p.nextCursor }),
    refetchInterval: fallbackPollMs(live, 10_000),
  });
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <FilterBar
        label="Filter activity"
        path={pathname}
        filtered={key !== ''}
        fields={[
          { kind: 'text', name: 'task', label: 'Task key', value: filters.taskKey, placeholder: 'any task', width: 'w-44' },
          { kind: 'select', name: 'type', label: 'Event type', value: filters.type, options: TYPE_OPTIONS, width: 'w-48' },
          { kind: 'text', name: 'actor', label: 'Actor', value: filters.actor, placeholder: 'anyone', width: 'w-40' },
          { kind: 'checkbox', name: 'moves', label: 'Show the worker’s board moves', value: filters.workerMoves },
        ]}
        // The form's names are the URL's: the typed values go through the URL's own check.
        toSearch={(values) => paramsFromActivityFilters(activityFiltersFromParams(values))}
      />
      {events.isError ? (
        <p role="alert">Activity could not be loaded: {events.error.message}</p>
      ) : events.isSuccess && items.length === 0 ? (
        <EmptyState>{key ? 'No events match these filters.' : 'Nothing has happened yet.'}</EmptyState>
      ) : (
        <ol
          aria-label="Activity, newest first"
          className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
        >
          {events.isPending &&
            Array.from({ length: 8 }, (_, i) => (
              <li key={i} aria-hidden="true" className="h-14 px-4 py-3">
                <div className="h-4 w-2/3 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
              </li>
            ))}
          {items.map((row) => (
            <ActivityRowItem key={`${row.kind}-${row.kind === 'run' ? row.runId : row.id}`} row={row} />
          ))}
        </ol>
      )}
      <div className="mt-3 flex min-h-9 items-center justify-center">
        {events.hasNextPage && (
          <button
            type="button"
            className="h-8 rounded-md border border-slate-300 px-3 text-sm font-medium hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
            disabled={events.isFetchingNextPage}
            onClick={() => void events.fetchNextPage()}
          >
            {events.isFetchingNextPage ? 'Loading…' : 'Load older activity'}
          </button>
        )}
      </div>
    </>
  );
}
