'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { PRIORITIES } from '@/server/tasks/constants';
import { useTRPC } from '@/components/trpc/client';
import { EmptyState } from '@/components/ui/data-table';
import { FilterBar } from '@/components/ui/filter-bar';
import { HourRow, hhmm, hourLabel } from './hour-row';
import { paramsFromTimelineFilters, timelineFiltersFromParams } from './search-params';

const WINDOWS = [
  { value: '24h', label: 'Next 24 hours' },
  { value: '7d', label: 'Next 7 days' },
] as const;
const PRIORITY_OPTIONS = PRIORITIES.map((p) => ({ value: p, label: p }));

/** Every active task's coming runs, by hour (UTC), with the busy minutes picked out. Refreshes every 30 s. */
export function UpcomingView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const key = params.toString();
  const filters = useMemo(() => timelineFiltersFromParams(new URLSearchParams(key)), [key]);
  const timeline = useQuery({ ...trpc.schedules.upcoming.queryOptions(filters), refetchInterval: 30_000 });
  const window = filters.window ?? '24h';
  const t = timeline.data;
  const max = Math.max(1, ...(t?.hours.map((h) => h.total) ?? []));

  return (
    <>
      <nav aria-label="Time window" className="mb-3 flex gap-2 text-sm">
        {WINDOWS.map((w) => {
          const search = paramsFromTimelineFilters({ ...filters, window: w.value });
          return (
            <Link
              key={w.value}
              href={search.size ? `/upcoming?${search}` : '/upcoming'}
              aria-current={window === w.value ? 'page' : undefined}
              className={`rounded-md border px-3 py-1.5 font-medium ${
                window === w.value
                  ? 'border-indigo-600 bg-indigo-600 text-white dark:border-indigo-400 dark:bg-indigo-400 dark:text-slate-950'
                  : 'border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800'
              }`}
            >
              {w.label}
            </Link>
          );
        })}
      </nav>
      <FilterBar
        label="Filter upcoming runs"
        path="/upcoming"
        filtered={Boolean(filters.q || filters.priority || filters.label)}
        fields={[
          { kind: 'text', name: 'q', label: 'Search', value: filters.q, placeholder: 'name or key', width: 'w-44' },
          { kind: 'select', name: 'priority', label: 'Priority', value: filters.priority, options: PRIORITY_OPTIONS, width: 'w-32' },
          { kind: 'text', name: 'label', label: 'Label', value: filters.label, placeholder: 'any label', width: 'w-32' },
        ]}
        toSearch={(values) => paramsFromTimelineFilters({ ...timelineFiltersFromParams(values), window: filters.window })}
      />
      {timeline.isError ? (
        <p role="alert">The timeline could not be loaded: {timeline.error.message}</p>
      ) : !t ? (
        <div aria-label="Loading the timeline" className="h-40 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" />
      ) : t.hours.length === 0 ? (
        <EmptyState>{key ? 'No runs match these filters in this window.' : 'Nothing is scheduled in this window.'}</EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-700 dark:text-slate-200" data-timeline-summary>
            {t.totalFires} {t.totalFires === 1 ? 'run' : 'runs'} of {t.taskCount} {t.taskCount === 1 ? 'task' : 'tasks'} until {hourLabel(t.to).replace(/, \d\d:\d\d UTC$/, '')}{' '}
            {hhmm(t.to)} UTC. Times are UTC.
          </p>
          {t.herds.length > 0 && (
            <section aria-labelledby="herds" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40">
              <h2 id="herds" className="text-sm font-semibold">
                Busiest minutes
              </h2>
              <ul className="mt-1 text-sm">
                {t.herds.map((h) => (
                  <li key={h.at.toISOString()}>
                    <time dateTime={h.at.toISOString()} className="font-medium">
                      {hourLabel(h.at)}
                    </time>
                    : {h.count} runs start at once ({h.taskKeys.join(', ')}
                    {h.count > h.taskKeys.length ? ', …' : ''})
                  </li>
                ))}
              </ul>
            </section>
          )}
          {(t.capped.length > 0 || t.tasksCapped) && (
            <p role="note" className="mb-3 text-sm text-slate-700 dark:text-slate-200">
              {t.capped.length > 0 &&
                `Counted up to ${t.perTaskCap} runs per task: ${t.capped.map((c) => c.taskName).join(', ')} ${t.capped.length === 1 ? 'fires' : 'fire'} more often in this window. `}
              {t.tasksCapped && `Only the ${t.taskCount} tasks that fire first are shown.`}
            </p>
          )}
          <ol aria-label="Upcoming runs by hour" className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {t.hours.map((hour) => (
              <HourRow key={hour.start.toISOString()} hour={hour} max={max} />
            ))}
          </ol>
        </>
      )}
    </>
  );
}
