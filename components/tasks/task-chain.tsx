'use client';

// The task page's "Triggered by" / "Triggers": what starts this task and what
// it starts (tasks.chain, server/triggers/list-task-chain.ts), as links, with
// "Set Run after" leading to the form's "When it runs" choice.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePermission } from '@/components/auth/use-permission';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';
import { ChainIcon } from '@/components/ui/chain-icon';
import { Term } from '@/components/ui/term';
import { OUTCOME_VERBS } from '@/server/schedules/parse-on';

const TASK_CHANGES = ['task'] as const;
const linkClass = 'font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';

export function TaskChain({ taskKey, managed }: { taskKey: string; managed: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canDefine = usePermission('editor');
  const live = useEventStream({ types: TASK_CHANGES, onChange: () => void queryClient.invalidateQueries({ queryKey: trpc.tasks.chain.queryKey({ key: taskKey }) }) });
  const chain = useQuery({ ...trpc.tasks.chain.queryOptions({ key: taskKey }), refetchInterval: fallbackPollMs(live, 15_000) });
  if (!chain.data) return null;
  const { triggeredBy, triggers } = chain.data;
  const href = (key: string) => `/tasks/${encodeURIComponent(key)}`;
  return (
    <section aria-labelledby="chain-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="chain-heading" className="mb-2 flex items-center gap-1.5 text-base font-semibold">
        <ChainIcon className="h-4 w-4 text-slate-500 dark:text-slate-400" />
        Chain
      </h2>
      <dl>
        <Term look="row" term="Triggered by">
          {triggeredBy === null ? (
            <span className="text-slate-600 dark:text-slate-400">Nothing: it runs on its schedule</span>
          ) : triggeredBy.kind === 'event' ? (
            <span>
              Each <code className="font-mono text-xs">{triggeredBy.pattern}</code> event
            </span>
          ) : (
            <span>
              <Link href={href(triggeredBy.key)} className={linkClass}>
                {triggeredBy.name ?? triggeredBy.key}
              </Link>{' '}
              when it {OUTCOME_VERBS[triggeredBy.outcome]}
              {triggeredBy.name === null ? <span className="text-amber-800 dark:text-amber-300"> (no such task yet)</span> : null}
            </span>
          )}
        </Term>
        <Term look="row" term="Triggers">
          {triggers.length === 0 ? (
            <span className="text-slate-600 dark:text-slate-400">No task runs after this one</span>
          ) : (
            <ul className="space-y-0.5" aria-label="Tasks that run after this one">
              {triggers.map((t) => (
                <li key={t.key}>
                  <Link href={href(t.key)} className={linkClass}>
                    {t.name}
                  </Link>{' '}
                  after it {OUTCOME_VERBS[t.outcome]}
                </li>
              ))}
            </ul>
          )}
        </Term>
      </dl>
      {canDefine && !managed ? (
        <Link href={`${href(taskKey)}/edit#when`} className={`mt-2 inline-block text-sm ${linkClass}`}>
          {triggeredBy === null ? 'Set Run after…' : 'Change the trigger…'}
        </Link>
      ) : null}
    </section>
  );
}
