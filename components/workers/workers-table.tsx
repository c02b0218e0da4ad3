'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { EmptyState, TableShell } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';

export function WorkersTable() {
  const trpc = useTRPC();
  const workers = useQuery({ ...trpc.workers.list.queryOptions(), refetchInterval: 5_000 });
  if (workers.isError) return <p role="alert">Workers could not be loaded: {workers.error.message}</p>;
  if (workers.data?.length === 0) return <EmptyState>No worker has registered yet. Start one with <code>npx cronboard worker</code>.</EmptyState>;
  return (
    <TableShell caption="Workers" head={['Name', 'State', 'Host / pid', 'Concurrency', 'Runs in hand', 'Last heartbeat', 'Started']}>
      {(workers.data ?? []).map((w) => (
        <tr key={w.id}>
          <td className="px-3 py-2 font-medium">{w.name}</td>
          <td className="px-3 py-2">
            {w.lost ? (
              <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">lost</span>
            ) : (
              <span className="text-xs">{w.state}</span>
            )}
          </td>
          <td className="px-3 py-2 font-mono text-xs">
            {w.host} / {w.pid}
          </td>
          <td className="px-3 py-2 tabular-nums">{w.concurrency}</td>
          <td className="px-3 py-2 tabular-nums">{w.runsInHand}</td>
          <td className="px-3 py-2"><RelativeTime date={w.lastHeartbeatAt} /></td>
          <td className="px-3 py-2"><RelativeTime date={w.startedAt} /></td>
        </tr>
      ))}
    </TableShell>
  );
}
