'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';

/** The header's count of open alert incidents, a link to the Alerts page; refetched on alert events, hidden at 0. */
export function AlertCount() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const live = useEventStream({ types: ['alert'], onChange: () => void queryClient.invalidateQueries({ queryKey: trpc.alerts.openCount.queryKey() }) });
  const count = useQuery({ ...trpc.alerts.openCount.queryOptions(), refetchInterval: fallbackPollMs(live, 15_000) }).data ?? 0;
  return count > 0 ? <AlertLink count={count} /> : null;
}

function AlertLink({ count }: { count: number }) {
  const plural = count === 1 ? '' : 's';
  return (
    <Link
      // Below sm the header has no room for it beside the failing count (the Alerts page is in the menu, the cards carry the badge).
      className="hidden h-9 shrink-0 items-center gap-1 rounded-md bg-red-600 px-2 text-sm font-semibold text-white hover:bg-red-700 sm:inline-flex dark:bg-red-700 dark:hover:bg-red-600"
      href="/alerts"
      data-testid="alert-count"
      title={`${count} open alert${plural}: see Alerts`}
    >
      <span aria-hidden>!</span>
      <span className="tabular-nums">{count}</span> <span className="sr-only 2xl:not-sr-only">alert{plural}</span>
      <span className="sr-only"> open alert{plural}</span>
    </Link>
  );
}
