'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { errorMessage } from '@/components/admin/error-message';
import { secondaryButtonClass } from '@/components/admin/styles';
import { useTRPC } from '@/components/trpc/client';
import { EmptyState, TableShell } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';

const STATUS_CLASS: Record<string, string> = {
  succeeded: 'text-emerald-700 dark:text-emerald-400',
  failed: 'text-red-700 dark:text-red-400',
  pending: 'text-amber-700 dark:text-amber-400',
  delivering: 'text-indigo-700 dark:text-indigo-400',
};

/** One endpoint's recent deliveries with their attempts, refreshed every 2 s while shown. */
export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deliveries = useQuery({ ...trpc.webhooks.deliveries.queryOptions({ id: endpointId, limit: 20 }), refetchInterval: 2000 });
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: (d) => {
        toast.success(`Delivery ${d.id} queued again`);
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey() });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  if (deliveries.isPending) return <div className="h-16 animate-pulse rounded bg-slate-100 dark:bg-slate-800" role="status" aria-label="Loading deliveries" />;
  if (deliveries.isError) return <EmptyState>{errorMessage(deliveries.error)}</EmptyState>;
  if (deliveries.data.items.length === 0) return <EmptyState>No deliveries yet: matching events recorded from now on appear here.</EmptyState>;
  return (
    <TableShell caption="Recent deliveries" head={['Event', 'Status', 'Attempts', 'Actions']}>
      {deliveries.data.items.map((d) => (
        <tr key={d.id} data-testid="webhook-delivery">
          <td className="relative px-3 py-2 align-top">
            <span className="font-mono text-xs">{d.eventType}</span> <span className="text-slate-500">#{d.eventId}</span>
            <div className="text-xs text-slate-500">webhook-id {d.webhookId}</div>
          </td>
          <td className={`relative px-3 py-2 align-top font-medium ${STATUS_CLASS[d.status] ?? ''}`}>
            {d.status}
            {d.nextAttemptAt ? (
              <div className="text-xs font-normal text-slate-500">
                next <RelativeTime date={d.nextAttemptAt} />
              </div>
            ) : null}
          </td>
          <td className="relative px-3 py-2 align-top">
            <ol className="space-y-1 text-xs">
              {d.log.map((a, i) => (
                <li key={i} data-testid="webhook-attempt">
                  <RelativeTime date={a.at} /> · {a.statusCode ?? 'no answer'} · {a.durationMs} ms
                  {a.error ? <span className="text-red-700 dark:text-red-400"> · {a.error}</span> : null}
                  {a.response ? (
                    <details>
                      <summary className="cursor-pointer text-slate-500">answer</summary>
                      <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-1 dark:bg-slate-800">{a.response}</pre>
                    </details>
                  ) : null}
                </li>
              ))}
            </ol>
          </td>
          <td className="relative px-3 py-2 align-top">
            {d.status === 'delivering' ? null : (
              <button type="button" className={secondaryButtonClass} onClick={() => redeliver.mutate({ id: d.id })} disabled={redeliver.isPending}>
                Redeliver<span className="sr-only"> delivery {d.id}</span>
              </button>
            )}
          </td>
        </tr>
      ))}
    </TableShell>
  );
}
