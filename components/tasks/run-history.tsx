'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { describeRunEnd } from '@/server/runs/run-end';
import { RunStatusBadge } from '@/components/ui/badges';
import { TableShell } from '@/components/ui/data-table';
import { buttonClass } from './field';
import { formatDuration, formatUtc } from './format';

const PAGE_SIZE = 10;
const HEAD = ['Run', 'Status', 'Trigger', 'Attempt', 'Started', 'Duration', 'Exit / error'];

/** A task's runs, newest first, a page at a time; polls while `live`. */
export function RunHistory({ taskKey, live, enabled = true }: { taskKey: string; live: boolean; enabled?: boolean }) {
  const trpc = useTRPC();
  // Keyset pages: the cursor of the page shown (null: the newest runs).
  const [cursor, setCursor] = useState<string | null>(null);
  const history = useQuery({
    ...trpc.tasks.history.queryOptions({ key: taskKey, cursor, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    enabled,
    refetchInterval: live ? 1_000 : 10_000,
  });
  const data = history.data;

  return (
    <section aria-labelledby="history-heading" className="min-w-0">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 id="history-heading" className="text-base font-semibold">
          Run history
        </h2>
        <p className="text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
          {data ? `${data.total} run${data.total === 1 ? '' : 's'}` : '\u00a0'}
        </p>
      </div>
      {history.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          The run history could not be loaded: {history.error.message}
        </p>
      ) : data && data.total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No runs yet. Press Run now, or wait for the schedule.
        </p>
      ) : (
        <TableShell caption="Runs of this task, newest first" head={HEAD} loading={!data} stacked>
          {data?.items.map((r) => (
            <tr key={r.id} data-testid="history-row">
              <td data-label="Run" className="px-3 py-2 font-mono text-xs">
                <Link prefetch={false} href={`/runs/${r.id}`} className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                  #{r.id}
                </Link>
              </td>
              <td data-label="Status" className="px-3 py-2">
                <RunStatusBadge status={r.status} />
              </td>
              <td data-label="Trigger" className="px-3 py-2 text-xs">{r.trigger}</td>
              <td data-label="Attempt" className="px-3 py-2 tabular-nums">{r.attempt}</td>
              <td data-label="Started" className="whitespace-nowrap px-3 py-2 text-xs tabular-nums">{r.startedAt ? formatUtc(r.startedAt) : '—'}</td>
              <td data-label="Duration" className="whitespace-nowrap px-3 py-2 tabular-nums">{formatDuration(r.durationMs)}</td>
              <td data-label="Exit / error" className="max-w-[16rem] truncate px-3 py-2 text-xs" title={r.error ?? undefined}>
                {describeRunEnd(r) ?? '—'}
              </td>
            </tr>
          ))}
        </TableShell>
      )}
      {data && data.pageCount > 1 ? (
        <nav aria-label="Run history pages" className="mt-2 flex items-center justify-end gap-2 text-sm">
          <button type="button" className={buttonClass.secondary} disabled={!data.newer} onClick={() => setCursor(data.page <= 2 ? null : data.newer)}>
            Newer
          </button>
          <span className="tabular-nums text-slate-700 dark:text-slate-300">
            Page {data.page} of {data.pageCount}
          </span>
          <button type="button" className={buttonClass.secondary} disabled={!data.older} onClick={() => setCursor(data.older)}>
            Older
          </button>
        </nav>
      ) : null}
    </section>
  );
}
