'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { usePermission } from '@/components/auth/use-permission';
import { useTRPC } from '@/components/trpc/client';
import { PriorityBadge, RunStatusBadge } from '@/components/ui/badges';
import { Term } from '@/components/ui/term';
import { formatDuration } from './format';
import { LogView } from './log-view';
import { RunSummary } from './run-summary';
import { useRunActions } from './use-run-actions';

const NEEDS_OPERATOR = 'Needs the operator role';
const button =
  'h-9 rounded-md border border-slate-300 px-3 text-sm font-medium hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';
const link = 'text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';

function When({ date }: { date: Date | null }) {
  if (!date) return <>—</>;
  return (
    <time dateTime={date.toISOString()} suppressHydrationWarning>
      {date.toISOString().replace('T', ' ').slice(0, 19)} UTC
    </time>
  );
}

/** One run: what it was, how it went, its live log, and Cancel / Retry. Refreshes every second while it is live. */
export function RunDetail({ runId }: { runId: number }) {
  const trpc = useTRPC();
  const canOperate = usePermission('operator');
  const run = useQuery({
    ...trpc.runs.get.queryOptions({ id: runId }),
    refetchInterval: (q) => (q.state.data?.finished ? false : 1_000),
  });
  const { cancel, retry } = useRunActions();

  if (run.isError) {
    return (
      <p
        role="alert"
        className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
      >
        {run.error.data?.code === 'NOT_FOUND'
          ? `There is no run #${runId}; it may have been pruned.`
          : `The run could not be loaded: ${run.error.message}`}{' '}
        <Link href="/runs" className={link}>
          All runs
        </Link>
      </p>
    );
  }
  const r = run.data;
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight">
          Run #{runId}
          {r && <span className="font-normal text-slate-700 dark:text-slate-200">of {r.taskName}</span>}
          {r && <RunStatusBadge status={r.status} />}
          {r?.cancelRequestedAt && !r.finished && (
            <span className="text-sm font-normal text-slate-600 dark:text-slate-300">stopping…</span>
          )}
        </h1>
        <div className="flex gap-2">
          <button
            type="button"
            className={button}
            disabled={!canOperate || !r || r.finished || r.cancelRequestedAt !== null || cancel.isPending}
            title={canOperate ? 'Cancel this run (a running one is stopped by its worker)' : NEEDS_OPERATOR}
            onClick={() => cancel.mutate({ ids: [runId] })}
          >
            Cancel
          </button>
          <button
            type="button"
            className={button}
            disabled={!canOperate || !r || !r.finished || retry.isPending}
            title={canOperate ? 'Queue a new run of this task' : NEEDS_OPERATOR}
            onClick={() => retry.mutate({ ids: [runId] })}
          >
            Retry
          </button>
        </div>
      </div>
      {r && <RunSummary run={r} now={run.dataUpdatedAt} />}
      <dl className="grid min-h-40 grid-cols-1 gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900">
        {!r ? (
          <div className="col-span-full h-32 animate-pulse rounded bg-slate-100 dark:bg-slate-800" aria-label="Loading the run" />
        ) : (
          <>
            <Term term="Task">
              <Link href={`/tasks/${encodeURIComponent(r.taskKey)}`} prefetch={false} className={link}>
                {r.taskName}
              </Link>{' '}
              <span className="font-mono text-xs text-slate-600 dark:text-slate-300">{r.taskKey}</span>
            </Term>
            <Term term="Trigger">
              {r.trigger}
              {r.requestedBy ? ` by ${r.requestedBy}` : ''}
              {r.retryOfId !== null && (
                <>
                  {' '}
                  (retry of{' '}
                  <Link href={`/runs/${r.retryOfId}`} className={link}>
                    #{r.retryOfId}
                  </Link>
                  )
                </>
              )}
            </Term>
            <Term term="Attempt">{r.attempt}</Term>
            <Term term="Priority">
              <PriorityBadge priority={r.priority} />
            </Term>
            <Term term="Worker">{r.workerName ?? '—'}</Term>
            <Term term="Scheduled for">
              <When date={r.scheduledFor} />
            </Term>
            <Term term="Started">
              <When date={r.startedAt} />
            </Term>
            <Term term="Finished">
              <When date={r.finishedAt} />
            </Term>
            <Term term="Duration">
              {formatDuration(
                r.durationMs ?? (r.startedAt && !r.finished ? Math.max(0, run.dataUpdatedAt - r.startedAt.getTime()) : null),
              )}
              {!r.finished && r.startedAt ? ' so far' : ''}
            </Term>
            <Term term="Exit">
              {r.exitCode !== null ? `code ${r.exitCode}` : ''}
              {r.signal ? `${r.exitCode !== null ? ', ' : ''}signal ${r.signal}` : ''}
              {r.exitCode === null && !r.signal ? '—' : ''}
            </Term>
            {r.retryRunId !== null && (
              <Term term="Retried as">
                <Link href={`/runs/${r.retryRunId}`} className={link}>
                  #{r.retryRunId}
                </Link>
              </Term>
            )}
            {r.error && (
              <div className="col-span-full">
                <dt className="text-xs font-medium text-slate-600 dark:text-slate-300">Error</dt>
                <dd className="mt-0.5 font-mono text-sm whitespace-pre-wrap break-words text-red-800 dark:text-red-300">
                  {r.error}
                </dd>
              </div>
            )}
            <JsonItem label="Payload (this run's, not the task's)" value={r.payload} />
            <JsonItem label="Handler result" value={r.result} />
          </>
        )}
      </dl>
      <LogView runId={runId} logTruncated={r?.logTruncated ?? false} finished={r?.finished} />
    </>
  );
}

/** A JSON value of the run (its payload override, its handler result), when it has one. */
function JsonItem({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <div className="col-span-full">
      <dt className="text-xs font-medium text-slate-600 dark:text-slate-300">{label}</dt>
      <dd>
        <pre tabIndex={0} className="mt-1 max-h-60 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950">
          {JSON.stringify(value, null, 2)}
        </pre>
      </dd>
    </div>
  );
}
