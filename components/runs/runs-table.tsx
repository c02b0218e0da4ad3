'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { RunStatusBadge } from '@/components/ui/badges';
import { EmptyState, TableShell } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';

export function RunsTable() {
  const trpc = useTRPC();
  const runs = useQuery({ ...trpc.runs.list.queryOptions({ limit: 100 }), refetchInterval: 3_000 });
  if (runs.isError) return <p role="alert">Runs could not be loaded: {runs.error.message}</p>;
  if (runs.data?.length === 0) return <EmptyState>No runs yet. Runs appear here when a worker picks up a due task.</EmptyState>;
  return (
    <TableShell caption="Latest runs" head={['Run', 'Task', 'Status', 'Trigger', 'Attempt', 'Queued', 'Duration']}>
      {(runs.data ?? []).map((r) => (
        <tr key={r.id}>
          <td className="px-3 py-2 font-mono text-xs">#{r.id}</td>
          <td className="px-3 py-2">{r.taskName}</td>
          <td className="px-3 py-2"><RunStatusBadge status={r.status} /></td>
          <td className="px-3 py-2 text-xs">{r.trigger}</td>
          <td className="px-3 py-2 tabular-nums">{r.attempt}</td>
          <td className="px-3 py-2"><RelativeTime date={r.createdAt} /></td>
          <td className="px-3 py-2 tabular-nums">{r.durationMs === null ? '—' : `${(r.durationMs / 1000).toFixed(1)} s`}</td>
        </tr>
      ))}
    </TableShell>
  );
}
