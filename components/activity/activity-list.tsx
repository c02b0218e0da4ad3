'use client';

import Link from 'next/link';
import { useInfiniteQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId, useMemo, type FormEvent } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { EmptyState } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { ACTIVITY_PAGE_SIZE, EVENT_TYPE_CHOICES, activityFiltersFromParams, paramsFromActivityFilters } from './search-params';

const field =
  'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
const label = 'flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300';
const link = 'text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';

function typeLabel(type: string): string {
  return type.includes('.') ? type : `all ${type} events`;
}

/** The event feed, newest first, filtered by task, type and actor (all in the URL), one page at a time. */
export function ActivityList() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const id = useId();
  const key = params.toString();
  const filters = useMemo(() => activityFiltersFromParams(new URLSearchParams(key)), [key]);
  const events = useInfiniteQuery({
    ...trpc.events.list.infiniteQueryOptions(
      { ...filters, limit: ACTIVITY_PAGE_SIZE },
      { getNextPageParam: (p) => p.nextCursor },
    ),
    refetchInterval: 3_000,
  });
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) =>
      (() => {
        const v = form.get(name);
        return typeof v === 'string' ? v.trim() : '';
      })() || undefined;
    const p = paramsFromActivityFilters({ taskKey: text('task'), type: text('type'), actor: text('actor') });
    router.replace(p.size ? `${pathname}?${p}` : pathname, { scroll: false });
  };

  return (
    <>
      <form key={key} onSubmit={onSubmit} aria-label="Filter activity" className="mb-4 flex flex-wrap items-end gap-3">
        <label className={label} htmlFor={`${id}-task`}>
          Task key
          <input
            id={`${id}-task`}
            name="task"
            defaultValue={filters.taskKey ?? ''}
            placeholder="any task"
            className={`${field} w-44`}
          />
        </label>
        <label className={label} htmlFor={`${id}-type`}>
          Event type
          <select id={`${id}-type`} name="type" defaultValue={filters.type ?? ''} className={`${field} w-48`}>
            <option value="">any</option>
            {EVENT_TYPE_CHOICES.map((t) => (
              <option key={t} value={t}>
                {typeLabel(t)}
              </option>
            ))}
            {filters.type && !EVENT_TYPE_CHOICES.includes(filters.type) && (
              <option value={filters.type}>{filters.type}</option>
            )}
          </select>
        </label>
        <label className={label} htmlFor={`${id}-actor`}>
          Actor
          <input
            id={`${id}-actor`}
            name="actor"
            defaultValue={filters.actor ?? ''}
            placeholder="anyone"
            className={`${field} w-40`}
          />
        </label>
        <button
          type="submit"
          className="h-9 rounded-md bg-slate-900 px-3 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-white"
        >
          Apply
        </button>
        {key && (
          <button
            type="button"
            onClick={() => router.replace(pathname, { scroll: false })}
            className="h-9 rounded-md px-3 text-sm font-medium text-slate-700 hover:underline dark:text-slate-200"
          >
            Clear filters
          </button>
        )}
      </form>
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
