'use client';

import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';
import type { RunFilters } from '@/server/runs/schemas';
import { RUN_STATUSES } from '@/server/tasks/constants';
import { paramsFromFilters } from './search-params';

const LABELS: Record<string, string> = { timed_out: 'timed out' };

/** Counts per status under the other filters; each one is a link that sets (or clears) the status filter. */
export function StatusFilters({ filters }: { filters: RunFilters }) {
  const trpc = useTRPC();
  const { status, ...rest } = filters;
  const queryClient = useQueryClient();
  // Refetched on run events from the events stream; polled every 5 s while it is down.
  const live = useEventStream({
    types: ['run'],
    onChange: () => void queryClient.invalidateQueries({ queryKey: trpc.runs.counts.queryKey() }),
  });
  const counts = useQuery({ ...trpc.runs.counts.queryOptions(rest), refetchInterval: fallbackPollMs(live, 5_000) });
  const href = (s: string | undefined) => {
    const p = paramsFromFilters({ ...rest, ...(s ? { status: s as RunFilters['status'] } : {}) });
    return p.size ? `/runs?${p}` : '/runs';
  };
  // Counting stops at the limit (a million runs would take a second to count): "10,000+" there.
  const limit = counts.data?.limit ?? Infinity;
  const shown = (count: number) => (count >= limit ? `${limit.toLocaleString('en')}+` : count.toLocaleString('en'));
  const item = (key: string | undefined, label: string, count: number | undefined) => {
    const active = status === key;
    return (
      <li key={key ?? 'all'}>
        <Link
          href={href(key)}
          scroll={false}
          aria-current={active ? 'true' : undefined}
          className={`flex min-w-[4.5rem] flex-col rounded-lg border px-2 py-1.5 text-left transition-colors sm:min-w-24 sm:px-3 sm:py-2 ${
            active
              ? 'border-indigo-500 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-950'
              : 'border-slate-200 bg-white hover:border-slate-400 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-slate-600'
          }`}
        >
          <span className="text-xs text-slate-600 capitalize dark:text-slate-300">{label}</span>
          <span className="text-lg font-semibold tabular-nums">{count === undefined ? '–' : shown(count)}</span>
        </Link>
      </li>
    );
  };
  return (
    <nav aria-label="Filter runs by status" className="mb-4">
      <ul className="flex flex-wrap gap-2">
        {item(undefined, 'all', counts.data?.total)}
        {RUN_STATUSES.map((s) => item(s, LABELS[s] ?? s, counts.data?.byStatus[s]))}
      </ul>
    </nav>
  );
}
