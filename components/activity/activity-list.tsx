'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { EmptyState, TableShell } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';

export function ActivityList() {
  const trpc = useTRPC();
  const events = useQuery({ ...trpc.events.list.queryOptions({ limit: 100 }), refetchInterval: 5_000 });
  if (events.isError) return <p role="alert">Activity could not be loaded: {events.error.message}</p>;
  if (events.data?.length === 0) return <EmptyState>Nothing has happened yet.</EmptyState>;
  return (
    <TableShell caption="Latest events" head={['When', 'Event', 'Actor', 'Task']}>
      {(events.data ?? []).map((e) => (
        <tr key={e.id}>
          <td className="px-3 py-2 whitespace-nowrap"><RelativeTime date={e.at} /></td>
          <td className="px-3 py-2 font-mono text-xs">{e.type}</td>
          <td className="px-3 py-2 text-xs">
            {e.actorName ?? '—'} <span className="text-slate-500 dark:text-slate-400">({e.actorType})</span>
          </td>
          <td className="px-3 py-2 font-mono text-xs">{e.taskKey ?? '—'}</td>
        </tr>
      ))}
    </TableShell>
  );
}
