'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { EmptyState, TableShell } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { useNow } from '@/components/ui/use-now';

const HEAD = ['Name', 'State', 'Host / pid', 'Heartbeat', 'Concurrency', 'Runs in hand', 'Started'];

const STATE_STYLES: Record<string, string> = {
  active: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  draining: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  stopped: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200',
  lost: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
};

/** "0.4 s ago", "12 s ago", "3 min ago": the heartbeat's age, ticking. */
function age(ms: number): string {
  if (ms < 0) return 'just now';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s ago`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s ago`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min ago`;
  return `${Math.round(ms / 3_600_000)} h ago`;
}

export function WorkersTable() {
  const trpc = useTRPC();
  const workers = useQuery({ ...trpc.workers.list.queryOptions(), refetchInterval: 2_000 });
  const now = useNow(500);
  if (workers.isError) return <p role="alert">Workers could not be loaded: {workers.error.message}</p>;
  if (workers.data?.length === 0) {
    return (
      <EmptyState>
        No worker has registered yet. Start one with <code>npm run worker</code>.
      </EmptyState>
    );
  }
  const lost = (workers.data ?? []).filter((w) => w.lost).length;
  return (
    <>
      {lost > 0 && (
        <p
          role="status"
          className="mb-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          {lost === 1 ? '1 worker has' : `${lost} workers have`} not sent a heartbeat within the lease: presumed lost. Their runs
          are failed as “worker lost” and retried per policy.
        </p>
      )}
      <TableShell caption="Workers" head={HEAD} tableClassName="sm:min-w-[720px]" loading={workers.isPending} stacked>
        {(workers.data ?? []).map((w) => {
          const state = w.lost ? 'lost' : w.state;
          return (
            <tr key={w.id} data-worker-pid={w.pid} className={`h-10 ${w.lost ? 'bg-red-50/60 dark:bg-red-950/40' : ''}`}>
              <td data-label="Name" className="px-3 py-2 font-medium">{w.name}</td>
              <td data-label="State" className="px-3 py-2">
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATE_STYLES[state] ?? STATE_STYLES.stopped}`}>
                  {state}
                  {w.lost && w.state !== 'lost' ? (
                    <span className="sr-only"> (was {w.state}; no heartbeat within the lease)</span>
                  ) : null}
                </span>
              </td>
              <td data-label="Host / pid" className="max-w-56 truncate px-3 py-2 font-mono text-xs" title={`${w.host} / ${w.pid}`}>
                {w.host} / {w.pid}
              </td>
              <td data-label="Heartbeat" className="px-3 py-2 whitespace-nowrap tabular-nums">
                <time dateTime={w.lastHeartbeatAt.toISOString()} title={w.lastHeartbeatAt.toISOString()} suppressHydrationWarning>
                  {now === null ? '…' : age(now - w.lastHeartbeatAt.getTime())}
                </time>
              </td>
              <td data-label="Concurrency" className="px-3 py-2 tabular-nums">{w.concurrency}</td>
              <td data-label="Runs in hand" className="px-3 py-2 tabular-nums">{w.runsInHand}</td>
              <td data-label="Started" className="px-3 py-2 whitespace-nowrap">
                <RelativeTime date={w.startedAt} />
              </td>
            </tr>
          );
        })}
      </TableShell>
    </>
  );
}
