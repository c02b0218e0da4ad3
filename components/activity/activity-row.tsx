'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ActivityRow } from '@/server/events/list-activity';
import { useTRPC } from '@/components/trpc/client';
import { RunStatusBadge } from '@/components/ui/badges';
import { RelativeTime } from '@/components/ui/relative-time';

const link = 'text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';
const failedRow = 'border-l-4 border-l-red-600 bg-red-50 dark:border-l-red-400 dark:bg-red-950/40';

function utc(date: Date): string {
  return `${date.toISOString().slice(11, 19)} UTC`;
}

/** A run's transitions, loaded when its row is opened. */
function Transitions({ runId, id }: { runId: number; id: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.events.runTransitions.queryOptions({ runId }));
  if (query.isError) return <p id={id} role="alert" className="px-4 pb-3 text-sm">The run&apos;s events could not be loaded: {query.error.message}</p>;
  return (
    <ol id={id} aria-label={`Events of run #${runId}`} className="mx-4 mb-3 border-l border-slate-300 pl-4 text-sm dark:border-slate-700">
      {query.isPending && <li className="text-slate-600 dark:text-slate-300">Loading…</li>}
      {query.data?.map((t) => (
        <li key={t.id} className="flex flex-col gap-0.5 py-1 sm:flex-row sm:gap-3">
          <time dateTime={t.at.toISOString()} className="w-24 shrink-0 font-mono text-xs text-slate-600 dark:text-slate-300">
            {utc(t.at)}
          </time>
          <span className={`min-w-0 break-words ${t.failed ? 'font-medium text-red-800 dark:text-red-200' : ''}`}>{t.summary}</span>
        </li>
      ))}
    </ol>
  );
}

/** One feed row: a run (opens into its transitions) or an event that belongs to no run. */
export function ActivityRowItem({ row }: { row: ActivityRow }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <li className={row.failed ? failedRow : undefined} data-failed={row.failed || undefined}>
      <div className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-baseline sm:gap-4">
        <span className="w-28 shrink-0 text-xs text-slate-600 dark:text-slate-300">
          <RelativeTime date={row.at} />
        </span>
        <span className="min-w-0 flex-1 text-sm break-words">
          {row.failed && <span className="sr-only">Failure: </span>}
          {row.summary}
        </span>
        <span className="flex shrink-0 flex-wrap items-center gap-3 text-xs">
          {row.kind === 'run' && row.state && <RunStatusBadge status={row.state} />}
          {row.kind === 'event' && <span className="font-mono text-slate-600 dark:text-slate-300">{row.type}</span>}
          {row.taskKey && (
            <Link href={`/tasks/${encodeURIComponent(row.taskKey)}`} prefetch={false} className={link}>
              <span className="sr-only">Task </span>
              {row.taskKey}
            </Link>
          )}
          {row.runId !== null && (
            <Link href={`/runs/${row.runId}`} prefetch={false} className={link}>
              run #{row.runId}
            </Link>
          )}
          {row.kind === 'run' && (
            <button
              type="button"
              aria-expanded={open}
              aria-controls={open ? id : undefined}
              onClick={() => setOpen((o) => !o)}
              className="rounded border border-slate-300 px-2 py-0.5 font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
            >
              {open ? 'Hide' : 'Show'} {row.transitions} events<span className="sr-only"> of run #{row.runId}</span>
            </button>
          )}
        </span>
      </div>
      {open && row.kind === 'run' && <Transitions runId={row.runId} id={id} />}
    </li>
  );
}
