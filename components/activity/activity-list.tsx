'use client';

import Link from 'next/link';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';
import { EmptyState } from '@/components/ui/data-table';
import { FilterBar } from '@/components/ui/filter-bar';
import { RelativeTime } from '@/components/ui/relative-time';
import { ACTIVITY_PAGE_SIZE, EVENT_TYPE_CHOICES, activityFiltersFromParams, paramsFromActivityFilters } from './search-params';

const link = 'text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';

function typeLabel(type: string): string {
  return type.includes('.') ? type : `all ${type} events`;
}

const TYPE_OPTIONS = EVENT_TYPE_CHOICES.map((t) => ({ value: t, label: typeLabel(t) }));

/** The event feed, newest first, filtered by task, type and actor (all in the URL), one page at a time. */
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
    onChange: () => void queryClient.invalidateQueries({ queryKey: trpc.events.list.infiniteQueryKey() }),
  });
  const events = useInfiniteQuery({
    ...trpc.events.list.infiniteQueryOptions(
      { ...filters, limit: ACTIVITY_PAGE_SIZE },
      { getNextPageParam: (p) => p.nextCursor },
    ),
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
          aria-label="Events, newest first"
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
        >
          {events.isPending &&
            Array.from({ length: 8 }, (_, i) => (
              <li key={i} aria-hidden="true" className="h-14 px-4 py-3">
                <div className="h-4 w-2/3 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
              </li>
            ))}
          {items.map((e) => (
            <li key={e.id} className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-baseline sm:gap-4">
              <span className="w-28 shrink-0 text-xs text-slate-600 dark:text-slate-300">
                <RelativeTime date={e.at} />
              </span>
              <span className="min-w-0 flex-1 text-sm break-words">{e.summary}</span>
              <span className="flex shrink-0 flex-wrap gap-3 text-xs">
                <span className="font-mono text-slate-600 dark:text-slate-300">{e.type}</span>
                {e.taskKey && (
                  <Link href={`/tasks/${encodeURIComponent(e.taskKey)}`} prefetch={false} className={link}>
                    <span className="sr-only">Task </span>
                    {e.taskKey}
                  </Link>
                )}
                {e.runId !== null && (
                  <Link href={`/runs/${e.runId}`} prefetch={false} className={link}>
                    run #{e.runId}
                  </Link>
                )}
              </span>
            </li>
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
            {events.isFetchingNextPage ? 'Loading…' : 'Load older events'}
          </button>
        )}
      </div>
    </>
  );
}
