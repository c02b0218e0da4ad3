'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { errorMessage } from '@/components/admin/error-message';
import { secondaryButtonClass } from '@/components/admin/styles';
import { buttonClass } from '@/components/tasks/field';
import { useTRPC } from '@/components/trpc/client';
import { whenOf, type AlertRuleView } from '@/server/alerts/schemas';

export type ListedRule = Omit<AlertRuleView, 'target' | 'createdAt'> & { target: string | null; taskKey: string | null };

const scopeOf = (r: ListedRule) => (r.scope === 'task' ? `task ${r.taskKey ?? '(deleted)'}` : r.scope === 'label' ? `label ${r.label}` : 'all tasks');
const describe = (r: ListedRule) => `${whenOf(r)} for ${scopeOf(r)}`;

/**
 * Alert rules, each with its scope, condition and channel; for admins
 * (`manage`) an enabled switch and Remove (confirmed). `onChange` after
 * either (the caller refetches).
 */
export function AlertRulesList({ rules, manage, onChange }: { rules: ListedRule[]; manage: boolean; onChange: () => void }) {
  const trpc = useTRPC();
  const [removing, setRemoving] = useState<ListedRule | null>(null);
  const onError = (e: unknown) => toast.error(errorMessage(e));
  const setEnabled = useMutation(trpc.alerts.setEnabled.mutationOptions({ onSuccess: (r) => { toast.success(`${r.enabled ? 'Switched on' : 'Switched off'}: ${whenOf(r)}`); onChange(); }, onError }));
  const remove = useMutation(
    trpc.alerts.remove.mutationOptions({
      onSuccess: (r) => {
        toast.success(`Removed the alert rule ${whenOf(r)}`);
        setRemoving(null);
        onChange();
      },
      onError,
    }),
  );
  return (
    <>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
        {rules.map((r) => (
          <li key={r.id} data-testid="alert-rule" data-rule-id={r.id} className={`flex flex-wrap items-center gap-x-3 gap-y-1 p-2 ${r.enabled ? '' : 'text-slate-600 dark:text-slate-400'}`}>
            <span>{scopeOf(r)}</span>
            <span className="font-medium">{whenOf(r)}</span>
            <span className="min-w-0 flex-1 break-all">
              → {r.channel}
              {r.target ? ` ${r.target}` : null}
            </span>
            {r.remindMinutes ? <span className="text-xs">reminds every {r.remindMinutes} min</span> : null}
            {manage ? (
              <>
                <label className="inline-flex items-center gap-2 text-xs font-medium">
                  <button
                    type="button"
                    role="switch"
                    aria-checked={r.enabled}
                    aria-label={`Enabled: ${describe(r)}`}
                    disabled={setEnabled.isPending}
                    onClick={() => setEnabled.mutate({ id: r.id, enabled: !r.enabled })}
                    className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-60 ${r.enabled ? 'bg-emerald-600' : 'bg-slate-400 dark:bg-slate-600'}`}
                  >
                    <span aria-hidden className={`inline-block h-4 w-4 rounded-full bg-white shadow transition-transform ${r.enabled ? 'translate-x-4' : 'translate-x-0.5'}`} />
                  </button>
                  {r.enabled ? 'On' : 'Off'}
                </label>
                <button type="button" className={secondaryButtonClass} onClick={() => setRemoving(r)}>
                  Remove<span className="sr-only"> {describe(r)}</span>
                </button>
              </>
            ) : (
              <span className="text-xs font-medium">{r.enabled ? 'on' : 'off'}</span>
            )}
          </li>
        ))}
      </ul>
      {removing ? <ConfirmRemove rule={removing} pending={remove.isPending} onCancel={() => setRemoving(null)} onConfirm={() => remove.mutate({ id: removing.id })} /> : null}
    </>
  );
}

/** "Remove this rule?": its incidents go with it. A native modal dialog (focus stays inside; Escape cancels). */
function ConfirmRemove({ rule, pending, onCancel, onConfirm }: { rule: ListedRule; pending: boolean; onCancel: () => void; onConfirm: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const uid = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${uid}-title`}
      aria-describedby={`${uid}-desc`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id={`${uid}-title`} className="text-base font-semibold">
        Remove this alert rule?
      </h2>
      <p id={`${uid}-desc`} className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        “{describe(rule)}” stops alerting, and its incidents (open and past) are deleted with it. To pause it instead, switch it off.
      </p>
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        <button type="button" autoFocus className={buttonClass.secondary} onClick={onCancel}>
          Keep it
        </button>
        <button type="button" className={buttonClass.dangerSolid} disabled={pending} onClick={onConfirm}>
          {pending ? 'Removing…' : 'Remove rule'}
        </button>
      </div>
    </dialog>
  );
}
