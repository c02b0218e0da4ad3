'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';

/**
 * The global scheduler switch (server/scheduler/): one query shared by the
 * header's admin toggle and the banner, refetched when a scheduler.* event
 * arrives on the stream (another tab, the CLI, REST, the schedule server's
 * stop), polled every 30 s while the stream is down.
 */
function useSchedulerState() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const live = useEventStream({
    types: ['scheduler'],
    onChange: () => void queryClient.invalidateQueries({ queryKey: trpc.scheduler.state.queryKey() }),
  });
  return useQuery({ ...trpc.scheduler.state.queryOptions(), refetchInterval: fallbackPollMs(live, 30_000) });
}

/** `10:02 UTC` today, `2026-12-01 10:02 UTC` another day. */
function utcTime(iso: string): string {
  const at = new Date(iso).toISOString();
  const today = new Date().toISOString().slice(0, 10);
  return `${at.slice(0, 10) === today ? '' : `${at.slice(0, 10)} `}${at.slice(11, 16)} UTC`;
}

/** On every page while the scheduler is paused: since when, by whom, and what it means. */
export function SchedulerBanner() {
  const state = useSchedulerState().data;
  if (!state?.paused) return null;
  return (
    <div
      role="status"
      className="border-t border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      Scheduler paused{state.since ? ` since ${utcTime(state.since)}` : ''}
      {state.by ? ` by ${state.by}` : ''} — scheduled runs are not being created
    </div>
  );
}

/** The header's admin toggle: pause or resume the scheduler for every worker. */
export function SchedulerToggle() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useSchedulerState().data;
  const options = {
    onSuccess: async () => queryClient.invalidateQueries({ queryKey: trpc.scheduler.state.queryKey() }),
    onError: (e: { message: string }) => void toast.error(e.message),
  };
  const pause = useMutation(trpc.scheduler.pause.mutationOptions(options));
  const resume = useMutation(trpc.scheduler.resume.mutationOptions(options));
  if (!state) return null;
  const paused = state.paused;
  return (
    <button
      type="button"
      disabled={pause.isPending || resume.isPending}
      onClick={() => (paused ? resume.mutate({}) : pause.mutate({}))}
      title={paused ? 'Create scheduled runs again' : 'Stop creating scheduled runs on every worker (manual runs still go)'}
      aria-label={paused ? 'Resume scheduler' : 'Pause scheduler'}
      className="hidden h-9 min-w-9 shrink-0 items-center justify-center gap-1 rounded-md border border-slate-200 px-2 text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-50 xl:inline-flex dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      <svg aria-hidden viewBox="0 0 24 24" className="h-4 w-4" fill="currentColor">
        {paused ? <path d="M8 5v14l11-7z" /> : <path d="M7 5h4v14H7zM13 5h4v14h-4z" />}
      </svg>
      <span className="sr-only 2xl:not-sr-only">{paused ? 'Resume scheduler' : 'Pause scheduler'}</span>
    </button>
  );
}
