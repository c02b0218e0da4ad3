'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';

/** Events that can change how many tasks are failing: a run ends, or a task goes away. */
const FAILING_CHANGES = ['run.succeeded', 'run.failed', 'run.timed_out', 'run.cancelled', 'task.deleted'];

/**
 * The header's count of failing tasks (last run failed or timed out), a link
 * to the board filtered to them (`/?last=failing`). Refetched on each run's
 * end from the events stream, polled every 15 s while the stream is down; not
 * shown while nothing is failing. A warning icon and the word, not colour alone.
 */
export function FailingCount() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const live = useEventStream({
    types: FAILING_CHANGES,
    onChange: () => void queryClient.invalidateQueries({ queryKey: trpc.board.failingCount.queryKey() }),
  });
  const failing = useQuery({ ...trpc.board.failingCount.queryOptions(), refetchInterval: fallbackPollMs(live, 15_000) });
  const count = failing.data?.count ?? 0;
  if (count === 0) return null;
  const label = `${count} failing task${count === 1 ? '' : 's'}`;
  return (
    <Link
      href="/?last=failing"
      data-testid="failing-count"
      title={`${label}: show them on the board`}
      className="inline-flex h-9 shrink-0 items-center gap-1 rounded-md border border-red-300 bg-red-50 px-2 text-sm font-semibold text-red-800 hover:bg-red-100 dark:border-red-800 dark:bg-red-950 dark:text-red-200 dark:hover:bg-red-900"
    >
      <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor" fillRule="evenodd">
        <path d="M10 2 1 18h18L10 2Zm-1 6h2v5H9V8Zm0 6h2v2H9v-2Z" />
      </svg>
      <span className="tabular-nums">{count}</span>{' '}
      <span className="sr-only 2xl:not-sr-only">failing</span>
      <span className="sr-only"> task{count === 1 ? '' : 's'}</span>
    </Link>
  );
}
