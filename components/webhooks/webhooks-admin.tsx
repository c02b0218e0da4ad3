'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { formText } from '@/components/auth/post-json';
import { CreatePanel, QueryPanel, ShownOnce } from '@/components/admin/admin-table';
import { errorMessage } from '@/components/admin/error-message';
import { buttonClass, inputClass, labelClass, secondaryButtonClass } from '@/components/admin/styles';
import { useTRPC } from '@/components/trpc/client';
import { webhookInputSchema } from '@/server/webhooks/schemas';
import { WebhookDeliveries } from './webhook-deliveries';

/** The Webhooks page: add an endpoint (its secret shown once), each endpoint with its recent deliveries. */
export function WebhooksAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const endpoints = useQuery({ ...trpc.webhooks.list.queryOptions(), refetchInterval: 5000 });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const onError = (e: unknown) => toast.error(errorMessage(e));
  const create = useMutation(trpc.webhooks.create.mutationOptions({ onSuccess: () => void invalidate() }));
  const remove = useMutation(trpc.webhooks.remove.mutationOptions({ onSuccess: (e) => { toast.success(`Removed ${e.url}`); void invalidate(); }, onError }));
  const setEnabled = useMutation(trpc.webhooks.setEnabled.mutationOptions({ onSuccess: () => void invalidate(), onError }));
  const test = useMutation(
    trpc.webhooks.test.mutationOptions({
      onSuccess: (_, input) => {
        toast.success('Test event recorded: a worker delivers it');
        setOpen(input.id);
      },
      onError,
    }),
  );

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    setFormError(null);
    const filter = formText(form, 'filter');
    const checked = webhookInputSchema.safeParse({
      url: formText(form, 'url'),
      events: formText(form, 'events').split(',').map((p) => p.trim()).filter(Boolean),
      taskKey: formText(form, 'filterKind') === 'task' && filter ? filter : undefined,
      label: formText(form, 'filterKind') === 'label' && filter ? filter : undefined,
    });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setFormError(`${String(issue?.path[0] ?? 'input')}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    create.mutate(checked.data, {
      onSuccess: (result) => {
        setCreated({ id: result.endpoint.id, secret: result.secret });
        setOpen(result.endpoint.id);
        formEl.reset();
      },
      onError: (e) => setFormError(errorMessage(e)),
    });
  }

  const disabled = (endpoints.data?.items ?? []).filter((e) => !e.enabled && e.disabledReason);
  return (
    <div className="space-y-6">
      {disabled.map((e) => (
        <div key={e.id} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          The endpoint {e.url} was disabled: {e.disabledReason}. Fix the receiver, then enable it again.
        </div>
      ))}
      <CreatePanel id="new-webhook" title="Add an endpoint" error={formError}>
        <form onSubmit={onCreate} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[3fr_2fr_1fr_1fr_auto] lg:items-end" noValidate>
          <TextInput label="URL" name="url" type="url" required placeholder="https://hooks.example.com/cronboard" />
          <TextInput label="Events (comma-separated)" name="events" required defaultValue="run.failed" placeholder="run.failed, run.*, task.*, *" />
          <label className={labelClass}>
            Only
            <select name="filterKind" className={inputClass} defaultValue="">
              <option value="">all tasks</option>
              <option value="task">the task</option>
              <option value="label">the label</option>
            </select>
          </label>
          <TextInput label="Task key or label" name="filter" />
          <button type="submit" className={buttonClass} disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add endpoint'}
          </button>
        </form>
        {created ? (
          <ShownOnce title="Signing secret — copy it now: it is shown only once." value={created.secret} testId="new-webhook-secret" onDone={() => setCreated(null)} />
        ) : null}
      </CreatePanel>

      <QueryPanel
        query={endpoints}
        loadingLabel="Loading endpoints"
        empty="No webhook endpoints yet. Deliveries are signed per Standard Webhooks (see the README)."
        isEmpty={(d) => d.items.length === 0}
      >
        {(data) => (
        <ul className="space-y-3">
          {data.items.map((e) => (
            <li key={e.id} data-testid="webhook-endpoint" className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
              <div className="flex flex-wrap items-center gap-2">
                <span className="min-w-0 flex-1 break-all font-medium">{e.url}</span>
                <span className="font-mono text-xs">{e.events.join(', ')}</span>
                {e.taskKey ? <span className="text-xs">task {e.taskKey}</span> : e.label ? <span className="text-xs">label {e.label}</span> : null}
                <span className={`text-xs font-medium ${e.enabled ? (e.failingSince ? 'text-amber-700' : 'text-emerald-700') : 'text-red-700'}`}>
                  {e.enabled ? (e.failingSince ? 'failing' : 'enabled') : 'disabled'}
                </span>
                <button type="button" className={secondaryButtonClass} onClick={() => setOpen(open === e.id ? null : e.id)} aria-expanded={open === e.id}>
                  Deliveries{e.waiting > 0 ? ` (${e.waiting} waiting)` : ''}
                </button>
                <button type="button" className={secondaryButtonClass} onClick={() => test.mutate({ id: e.id })} disabled={test.isPending}>Send test event</button>
                <button type="button" className={secondaryButtonClass} onClick={() => setEnabled.mutate({ id: e.id, enabled: !e.enabled })}>{e.enabled ? 'Disable' : 'Enable'}</button>
                <button type="button" className={secondaryButtonClass} onClick={() => remove.mutate({ id: e.id })}>
                  Remove<span className="sr-only"> {e.url}</span>
                </button>
              </div>
              {open === e.id ? <div className="mt-3"><WebhookDeliveries endpointId={e.id} /></div> : null}
            </li>
          ))}
        </ul>
        )}
      </QueryPanel>
    </div>
  );
}

function TextInput({ label, ...input }: { label: string; name: string; type?: string; required?: boolean; placeholder?: string; defaultValue?: string }) {
  return (
    <label className={labelClass}>
      {label}
      <input type="text" autoComplete="off" className={inputClass} {...input} />
    </label>
  );
}
