'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { toast } from 'sonner';
import { QueryPanel } from '@/components/admin/admin-table';
import { errorMessage } from '@/components/admin/error-message';
import { secondaryButtonClass } from '@/components/admin/styles';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';
import { roleAtLeast, type Role } from '@/server/auth/actor';
import { AlertRuleForm } from './alert-rule-form';
import { AlertRulesList } from './alert-rules-list';

const time = (d: Date | string | null) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '');

/** The Alerts page: open incidents (Acknowledge), the history, and for admins the rules. */
export function AlertsPage({ role }: { role: Role | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const live = useEventStream({ types: ['alert'], onChange: refresh });
  const incidents = useQuery({ ...trpc.alerts.incidents.queryOptions({ limit: 200 }), refetchInterval: fallbackPollMs(live, 15_000) });
  const isAdmin = role === 'admin';
  const rules = useQuery({ ...trpc.alerts.rules.queryOptions(), enabled: isAdmin });
  const ack = useMutation(trpc.alerts.acknowledge.mutationOptions({ onSuccess: (i) => { toast.success(`Acknowledged the alert on ${i.taskKey}`); refresh(); }, onError: (e) => toast.error(errorMessage(e)) }));
  const canAck = role !== null && roleAtLeast(role, 'operator');

  return (
    <div className="space-y-8">
      <section aria-labelledby="open-incidents">
        <h2 id="open-incidents" className="mb-2 text-lg font-semibold">Open incidents</h2>
        <QueryPanel query={incidents} loadingLabel="Loading incidents" empty="No open incidents." isEmpty={(d) => d.items.every((i) => i.resolvedAt !== null)}>
          {(data) => (
            <ul className="space-y-2">
              {data.items.filter((i) => i.resolvedAt === null).map((i) => (
                <li key={i.id} data-testid="open-incident" className="flex flex-wrap items-center gap-2 rounded-lg border border-red-300 bg-red-50 p-3 text-sm dark:border-red-800 dark:bg-red-950/40">
                  <Link href={`/tasks/${encodeURIComponent(i.taskKey)}`} className="font-semibold hover:underline">{i.taskKey}</Link>
                  <span className="rounded bg-red-600 px-1.5 text-xs font-medium text-white">{i.kind.replace('_', '-')}</span>
                  <span className="min-w-0 flex-1">{i.reason}</span>
                  {i.runId ? <Link href={`/runs/${i.runId}`} className="text-xs hover:underline">run #{i.runId}</Link> : null}
                  <span className="text-xs">since {time(i.openedAt)}</span>
                  {i.acknowledgedAt ? (
                    <span className="text-xs">acknowledged by {i.acknowledgedBy}</span>
                  ) : canAck ? (
                    <button type="button" className={secondaryButtonClass} onClick={() => ack.mutate({ id: i.id })} disabled={ack.isPending}>
                      Acknowledge<span className="sr-only"> the alert on {i.taskKey}</span>
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </QueryPanel>
      </section>

      <section aria-labelledby="incident-history">
        <h2 id="incident-history" className="mb-2 text-lg font-semibold">History</h2>
        <QueryPanel query={incidents} loadingLabel="Loading incidents" empty="No incidents yet." isEmpty={(d) => d.items.every((i) => i.resolvedAt === null)}>
          {(data) => (
            <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
              {data.items.filter((i) => i.resolvedAt !== null).map((i) => (
                <li key={i.id} className="flex flex-wrap gap-2 p-2">
                  <span className="font-medium">{i.taskKey}</span>
                  <span className="text-xs">{i.kind.replace('_', '-')}</span>
                  <span className="min-w-0 flex-1">{i.reason}</span>
                  <span className="text-xs">{time(i.openedAt)} → {time(i.resolvedAt)} ({i.resolvedBy})</span>
                </li>
              ))}
            </ul>
          )}
        </QueryPanel>
      </section>

      {isAdmin ? (
        <section aria-labelledby="alert-rules" className="space-y-3">
          <h2 id="alert-rules" className="text-lg font-semibold">Rules</h2>
          <QueryPanel query={rules} loadingLabel="Loading rules" empty="No alert rules yet: add one below." isEmpty={(d) => d.items.length === 0}>
            {(data) => <AlertRulesList rules={data.items} manage onChange={refresh} />}
          </QueryPanel>
          <details className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <summary className="cursor-pointer text-sm font-semibold">Add rule</summary>
            <div className="mt-3">
              <AlertRuleForm onAdded={refresh} />
            </div>
          </details>
        </section>
      ) : null}
    </div>
  );
}
