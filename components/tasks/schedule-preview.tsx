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
/** Debounced `schedules.preview` of what is typed; `typing` while the shown result may be stale. */
export function useSchedulePreview(schedule: string, timezone: string) {
  const trpc = useTRPC();
  const debounced = useDebounced({ schedule: schedule.trim(), timezone: timezone.trim() }, 300);
  const preview = useQuery({
    ...trpc.schedules.preview.queryOptions({ schedule: debounced.schedule, timezone: debounced.timezone || undefined, count: 5 }),
    enabled: debounced.schedule !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const typing = debounced.schedule !== schedule.trim() || debounced.timezone !== timezone.trim() || preview.isFetching;
  return { data: schedule.trim() === '' ? undefined : preview.data, typing, empty: schedule.trim() === '' };
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
              {data.kind === 'manual' ? 'Runs only when triggered (Run now, CLI, API).' : 'No upcoming fire times.'}
            </p>
          )}
        </div>
      ) : (
        <p className="text-red-700 dark:text-red-400" role="alert" data-testid="schedule-error">
          {data.error.field === 'timezone' ? 'Timezone' : 'Schedule'}: {data.error.message}
        </p>
      )}
    </div>
  );
}
