'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { usePermission } from '@/components/auth/use-permission';
import { buttonClass } from '@/components/tasks/field';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';
import { AlertRuleForm } from './alert-rule-form';
import { AlertRulesList } from './alert-rules-list';

const card = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

/**
 * The task page's Alerts section: the rules that judge this task (its own,
 * its labels', the global ones) and its open incidents; admins switch rules,
 * remove them and add one for this task. Read-only for everyone else.
 */
export function TaskAlerts({ taskKey }: { taskKey: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = usePermission('admin');
  const [adding, setAdding] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const live = useEventStream({ types: ['alert'], onChange: refresh });
  const alerts = useQuery({ ...trpc.alerts.forTask.queryOptions({ key: taskKey }), refetchInterval: fallbackPollMs(live, 15_000) });
  const data = alerts.data;

  return (
    <section aria-labelledby="task-alerts-heading" className={card} data-testid="task-alerts">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="task-alerts-heading" className="text-base font-semibold">
          Alerts
        </h2>
        <Link href="/alerts" className="text-sm text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          All alerts
        </Link>
      </div>
      {alerts.isError ? <p className="text-sm text-red-700 dark:text-red-400">{alerts.error.message}</p> : null}
      {data && data.incidents.length > 0 ? (
        <ul className="mb-3 space-y-2">
          {data.incidents.map((i) => (
            <li key={i.id} data-testid="task-open-incident" className="rounded-md border border-red-300 bg-red-50 p-2 text-sm dark:border-red-800 dark:bg-red-950/40">
              <span className="mr-2 rounded bg-red-700 px-1.5 text-xs font-medium text-white">{i.kind.replace('_', '-')}</span>
              {i.reason}
              {i.acknowledgedAt ? <span className="ml-2 text-xs">acknowledged by {i.acknowledgedBy}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {data ? (
        data.rules.length > 0 ? (
          <AlertRulesList rules={data.rules} manage={isAdmin} onChange={refresh} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">No alert rule judges this task.</p>
        )
      ) : alerts.isPending ? (
        <div className="h-10 animate-pulse rounded bg-slate-100 dark:bg-slate-800" role="status" aria-label="Loading alerts" />
      ) : null}
      {isAdmin ? (
        adding ? (
          <div className="mt-4 border-t border-slate-200 pt-4 dark:border-slate-800">
            <AlertRuleForm taskKey={taskKey} onAdded={() => { setAdding(false); refresh(); }} />
          </div>
        ) : (
          <button type="button" className={`${buttonClass.secondary} mt-3`} onClick={() => setAdding(true)}>
            Add rule for this task
          </button>
        )
      ) : null}
    </section>
  );
}
