'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc/client';
import { Term } from '@/components/ui/term';
import { DurationChart } from './duration-chart';
import { formatDuration, formatUtc } from './format';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Term look="figure" term={label}>
      {value}
    </Term>
  );
}

/** Success rate, mean and p95 duration, last failure and the duration chart. */
export function TaskStats({ taskKey, live, enabled = true }: { taskKey: string; live: boolean; enabled?: boolean }) {
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.tasks.stats.queryOptions({ key: taskKey }), enabled, refetchInterval: live ? 2_000 : 15_000 });
  const s = stats.data;
  const dash = '—';
  return (
    <section aria-labelledby="stats-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="stats-heading" className="mb-3 text-base font-semibold">
        Stats
      </h2>
      {stats.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Stats could not be loaded: {stats.error.message}
        </p>
      ) : (
        <>
          <dl className="grid grid-cols-3 gap-3">
            <Stat label="Success rate" value={s ? (s.successRate === null ? dash : `${Math.round(s.successRate * 1000) / 10}%`) : dash} />
            <Stat label="Mean" value={s ? formatDuration(s.meanDurationMs) : dash} />
            <Stat label="p95" value={s ? formatDuration(s.p95DurationMs) : dash} />
          </dl>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {s ? `${s.succeeded} of ${s.outcomes} finished runs succeeded` : '\u00a0'}
          </p>
          <div className="mt-3 min-h-[4.5rem] text-sm">
            <h3 className="text-xs font-medium text-slate-600 dark:text-slate-400">Last failure</h3>
            {s?.lastFailure ? (
              <p className="mt-0.5">
                <Link prefetch={false} href={`/runs/${s.lastFailure.runId}`} className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                  Run #{s.lastFailure.runId}
                </Link>{' '}
                {s.lastFailure.status.replace('_', ' ')} at <span className="tabular-nums">{formatUtc(s.lastFailure.at)}</span>
                {s.lastFailure.error ? <span className="mt-0.5 block break-words font-mono text-xs text-red-700 dark:text-red-400">{s.lastFailure.error}</span> : null}
              </p>
            ) : (
              <p className="mt-0.5 text-slate-600 dark:text-slate-400">{s ? 'None' : '\u00a0'}</p>
            )}
          </div>
          <h3 className="mb-1 mt-3 text-xs font-medium text-slate-600 dark:text-slate-400">Recent durations</h3>
          {s ? <DurationChart runs={s.recent} /> : <div className="h-[7.5rem] animate-pulse rounded bg-slate-100 dark:bg-slate-800" aria-hidden />}
        </>
      )}
    </section>
  );
}
