'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { formatInZone } from './format';
import { useDebounced } from './use-debounced';

/**
 * The schedule as the one parser reads it, while the user types: its
 * description and next fire times in the task's timezone, or the parser's
 * error. Fixed height, so the form does not jump as results arrive.
 */
/** A saved task's schedule and its next fire times as the worker will fire them (tasks.detail nextFireTimes). */
export interface SavedFireTimes {
  schedule: string;
  timezone: string;
  next: Date[];
}

/**
 * Debounced `schedules.preview` of what is typed; `typing` while the shown
 * result may be stale. While the typed schedule is the saved one, the fire
 * times are the task's real ones (from its nextRunAt), not a fresh count.
 */
export function useSchedulePreview(schedule: string, timezone: string, saved?: SavedFireTimes) {
  const trpc = useTRPC();
  const debounced = useDebounced({ schedule: schedule.trim(), timezone: timezone.trim() }, 300);
  const preview = useQuery({
    ...trpc.schedules.preview.queryOptions({ schedule: debounced.schedule, timezone: debounced.timezone || undefined, count: 5 }),
    enabled: debounced.schedule !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const typing = debounced.schedule !== schedule.trim() || debounced.timezone !== timezone.trim() || preview.isFetching;
  const unchanged = saved !== undefined && saved.schedule === schedule.trim() && saved.timezone === timezone.trim();
  const data = schedule.trim() === '' ? undefined : preview.data?.ok && unchanged ? { ...preview.data, next: saved.next } : preview.data;
  return { data, typing, empty: schedule.trim() === '' };
}

export type SchedulePreviewState = ReturnType<typeof useSchedulePreview>;

export function SchedulePreview({ id, state }: { id: string; state: SchedulePreviewState }) {
  const { data, typing, empty } = state;
  return (
    <div
      id={id}
      aria-live="polite"
      className="min-h-[9.5rem] rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
      aria-busy={typing || undefined}
    >
      {empty ? (
        <p className="text-slate-600 dark:text-slate-400">Type a schedule to see when it fires.</p>
      ) : !data ? (
        <p className="text-slate-600 dark:text-slate-400">Checking…</p>
      ) : data.ok ? (
        <div className={typing ? 'opacity-70' : undefined}>
          <p className="font-medium text-slate-900 dark:text-slate-100" data-testid="schedule-description">
            {data.description}
          </p>
          {data.next.length > 0 ? (
            <>
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Next {data.next.length} fire times ({data.timezone}):</p>
              <ol className="mt-1 space-y-0.5 font-mono text-xs tabular-nums text-slate-800 dark:text-slate-200" aria-label="Next fire times">
                {data.next.map((d) => (
                  <li key={d.toISOString()}>{formatInZone(d, data.timezone)}</li>
                ))}
              </ol>
            </>
          ) : (
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              {data.kind === 'manual' ? 'Runs only when triggered (Run now, CLI, API).' : data.kind === 'event' ? 'Runs each time its trigger fires (no fire times).' : 'No upcoming fire times.'}
            </p>
          )}
        </div>
      ) : (
        // The error itself is shown once, under its field (ScheduleSection).
        <p className="text-slate-600 dark:text-slate-400">
          Fix the {data.error.field === 'timezone' ? 'timezone' : 'schedule'} above to see when it fires.
        </p>
      )}
    </div>
  );
}
