'use client';

import Link from 'next/link';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { usePermission } from '@/components/auth/use-permission';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';
import { RunStatusBadge } from '@/components/ui/badges';
import { EmptyState, SelectCell, TableShell } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { describeRunEndLine } from '@/server/runs/run-end';
import type { RunFilters } from '@/server/runs/schemas';
import { FAILING_RUN_STATUSES, type RunStatus } from '@/server/tasks/constants';
import { formatDuration } from './format';
import { RUNS_PAGE_SIZE } from './search-params';
import { useRunActions } from './use-run-actions';

const NEEDS_OPERATOR = 'Needs the operator role';
const HEAD = ['Run', 'Status', 'Task', 'Error', 'Trigger', 'Attempt', 'Worker', 'Queued', 'Duration'];
const button =
  'h-8 rounded-md border border-slate-300 px-3 text-sm font-medium hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';

/**
 * What the Error column says for a run that did not succeed: the first line
 * of its stderr (what the task itself said), else how it ended (the error,
 * exit code or signal), then how it ended; nothing for a success or a live run.
 */
function errorOf(r: {
  status: RunStatus;
  finished: boolean;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  stderrLine?: string | null;
}) {
  if (!r.finished || r.status === 'succeeded') return null;
  return { stderr: r.stderrLine || null, ended: describeRunEndLine(r) };
}

function toggled(set: Set<number>, id: number): Set<number> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

export function RunsTable({ filters }: { filters: RunFilters }) {
  const trpc = useTRPC();
  const canOperate = usePermission('operator');
  const queryClient = useQueryClient();
  // Refetched on run events from the events stream; polled every 5 s while it is down.
  const live = useEventStream({
    types: ['run'],
    onChange: () => void queryClient.invalidateQueries({ queryKey: trpc.runs.list.infiniteQueryKey() }),
  });
  const runs = useInfiniteQuery({
    ...trpc.runs.list.infiniteQueryOptions(
      { ...filters, limit: RUNS_PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
    refetchInterval: fallbackPollMs(live, 5_000),
  });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const { cancel, retry } = useRunActions(() => setSelected(new Set()));
  const items = useMemo(() => runs.data?.pages.flatMap((p) => p.items) ?? [], [runs.data]);
  const chosen = items.filter((r) => selected.has(r.id));
  const allChecked = items.length > 0 && items.every((r) => selected.has(r.id));
  const actions = [
    {
      label: 'Retry',
      mutation: retry,
      ids: chosen.filter((r) => r.finished).map((r) => r.id),
      title: 'Queue a new run of the same task for each selected finished run',
    },
    {
      label: 'Cancel',
      mutation: cancel,
      ids: chosen.filter((r) => !r.finished).map((r) => r.id),
      title: 'Cancel each selected queued or running run',
    },
  ];

  if (runs.isError) return <p role="alert">Runs could not be loaded: {runs.error.message}</p>;
  if (runs.isSuccess && items.length === 0) {
    return <EmptyState>No runs match these filters. Runs appear here when a task is due or someone presses Run now.</EmptyState>;
  }
  return (
    <div>
      <div className="mb-2 flex min-h-8 flex-wrap items-center gap-2 text-sm" role="group" aria-label="Bulk actions">
        <span className="text-slate-600 dark:text-slate-300" aria-live="polite">
          {selected.size ? `${chosen.length} selected` : 'Select runs to retry or cancel them'}
        </span>
        {actions.map(({ label, mutation, ids, title }) => (
          <button
            key={label}
            type="button"
            className={button}
            disabled={!canOperate || ids.length === 0 || mutation.isPending}
            title={canOperate ? title : NEEDS_OPERATOR}
            onClick={() => mutation.mutate({ ids })}
          >
            {label}
            {ids.length ? ` ${ids.length}` : ''}
          </button>
        ))}
      </div>
      <TableShell
        caption="Runs, newest first"
        head={HEAD}
        tableClassName="sm:min-w-[880px]"
        stacked
        loading={runs.isPending}
        skeletonRows={8}
        select={{
          label: 'Select all shown runs',
          checked: allChecked,
          disabled: items.length === 0,
          onChange: () => setSelected(allChecked ? new Set() : new Set(items.map((r) => r.id))),
        }}
      >
        {items.map((r) => {
          const failed = FAILING_RUN_STATUSES.includes(r.status);
          const error = errorOf(r);
          return (
            <tr
              key={r.id}
              data-failed={failed ? true : undefined}
              className={`h-10 ${failed ? 'border-l-4 border-l-red-600 bg-red-50/70 dark:border-l-red-500 dark:bg-red-950/40' : ''}`}
            >
              <SelectCell
                label={`Select run #${r.id}`}
                checked={selected.has(r.id)}
                onChange={() => setSelected((s) => toggled(s, r.id))}
              />
              <td data-label="Run" className="px-3 py-2 font-mono text-xs">
                <Link href={`/runs/${r.id}`} className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                  #{r.id}
                </Link>
              </td>
              <td data-label="Status" className="px-3 py-2 whitespace-nowrap">
                {failed && (
                  <svg aria-hidden viewBox="0 0 20 20" className="mr-1 inline h-3.5 w-3.5 text-red-700 dark:text-red-400" fill="currentColor" fillRule="evenodd">
                    <path d="M10 2 1 18h18L10 2Zm-1 6h2v5H9V8Zm0 6h2v2H9v-2Z" />
                  </svg>
                )}
                <RunStatusBadge status={r.status} />
                {r.cancelRequested && !r.finished && (
                  <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">stopping…</span>
                )}
              </td>
              <td data-label="Task" className="max-w-56 truncate px-3 py-2" title={r.taskKey}>
                <Link
                  href={`/tasks/${encodeURIComponent(r.taskKey)}`}
                  prefetch={false}
                  className="underline-offset-2 hover:underline"
                >
                  {r.taskName}
                </Link>
              </td>
              <td
                data-label="Error"
                className={`max-w-72 truncate px-3 py-2 text-xs ${failed ? 'font-medium text-red-800 dark:text-red-200' : 'text-slate-600 dark:text-slate-400'}`}
                title={error ? [error.stderr, error.ended].filter(Boolean).join(' · ') : undefined}
              >
                {!error ? '—' : error.stderr ? (
                  <>
                    {error.stderr}
                    <span className="text-slate-600 dark:text-slate-400"> · {error.ended}</span>
                  </>
                ) : (
                  error.ended
                )}
              </td>
              <td data-label="Trigger" className="px-3 py-2 text-xs">{r.trigger}</td>
              <td data-label="Attempt" className="px-3 py-2 tabular-nums">{r.attempt}</td>
              <td data-label="Worker" className="max-w-40 truncate px-3 py-2 text-xs">{r.workerName ?? '—'}</td>
              <td data-label="Queued" className="px-3 py-2 whitespace-nowrap">
                <RelativeTime date={r.createdAt} />
              </td>
              <td data-label="Duration" className="px-3 py-2 tabular-nums whitespace-nowrap">{formatDuration(r.durationMs)}</td>
            </tr>
          );
        })}
      </TableShell>
      <div className="mt-3 flex min-h-9 items-center justify-center">
        {runs.hasNextPage && (
          <button type="button" className={button} disabled={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
            {runs.isFetchingNextPage ? 'Loading…' : 'Load older runs'}
          </button>
        )}
      </div>
    </div>
  );
}
