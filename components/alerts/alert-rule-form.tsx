'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { toast } from 'sonner';
import { buttonClass, Field, fieldProps, inputClass } from '@/components/tasks/field';
import { useTRPC } from '@/components/trpc/client';
import { whenOf, type AlertChannel, type AlertKind } from '@/server/alerts/schemas';

type Scope = 'task' | 'label' | 'global';
type TooLongBy = 'seconds' | 'p95';
interface Values {
  scope: Scope;
  taskKey: string;
  label: string;
  kind: AlertKind;
  threshold: string;
  tooLongBy: TooLongBy;
  limitSeconds: string;
  p95Factor: string;
  channel: AlertChannel;
  target: string;
  remindMinutes: string;
}
type FieldName = 'scope' | 'taskKey' | 'label' | 'kind' | 'threshold' | 'limitSeconds' | 'p95Factor' | 'channel' | 'target' | 'remindMinutes';

const START: Values = { scope: 'global', taskKey: '', label: '', kind: 'failures', threshold: '1', tooLongBy: 'seconds', limitSeconds: '', p95Factor: '3', channel: 'email', target: '', remindMinutes: '' };
const KINDS: [AlertKind, string][] = [
  ['failures', 'Failures in a row'],
  ['recovery', 'Recovery after failing'],
  ['missed', 'Missed scheduled run'],
  ['too_long', 'Running too long'],
];
const CHANNELS: [AlertChannel, string][] = [
  ['email', 'Email'],
  ['slack', 'Slack incoming webhook'],
  ['webhook', 'Webhook endpoint'],
];
/** Blank: left out (the server's default); anything else goes as a number, and the server says what is wrong with it. */
const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * Adds an alert rule (admin): scope, condition, channel, reminders. What is
 * wrong is the server's answer, shown under the field it names (the same
 * schema and checks as the CLI and REST; no second validation here). With
 * `taskKey` the scope is that task (the task page's Alerts section).
 */
export function AlertRuleForm({ taskKey, onAdded }: { taskKey?: string; onAdded?: () => void }) {
  const trpc = useTRPC();
  const uid = useId();
  const [values, setValues] = useState<Values>(taskKey ? { ...START, scope: 'task', taskKey } : START);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const endpoints = useQuery({ ...trpc.webhooks.list.queryOptions(), enabled: values.channel === 'webhook' });
  const set = <K extends keyof Values>(field: K, value: Values[K]) => setValues((v) => ({ ...v, [field]: value }));
  const id = (field: FieldName) => `${uid}-${field}`;
  const bound = (field: FieldName) => fieldProps(id(field), errors[field]);

  const create = useMutation(
    trpc.alerts.create.mutationOptions({
      onSuccess: (rule) => {
        toast.success(`Added the alert rule ${whenOf(rule)} → ${rule.channel}`);
        setValues((v) => ({ ...v, target: '', remindMinutes: '' }));
        setErrors({});
        setFormError(null);
        onAdded?.();
      },
      onError: (e) => {
        const fields: Record<string, string[] | undefined> = e.data?.fieldErrors ?? {};
        const next: Partial<Record<FieldName, string>> = {};
        for (const [field, messages] of Object.entries(fields)) if (messages?.[0] && field in START) next[field as FieldName] = messages[0];
        setErrors(next);
        setFormError(Object.keys(next).length > 0 ? null : e.message);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const v = values;
    create.mutate({
      scope: v.scope,
      taskKey: v.scope === 'task' ? v.taskKey : undefined,
      label: v.scope === 'label' ? v.label : undefined,
      kind: v.kind,
      threshold: v.kind === 'failures' ? num(v.threshold) : undefined,
      limitSeconds: v.kind === 'too_long' && v.tooLongBy === 'seconds' ? num(v.limitSeconds) : undefined,
      p95Factor: v.kind === 'too_long' && v.tooLongBy === 'p95' ? num(v.p95Factor) : undefined,
      channel: v.channel,
      target: v.target,
      remindMinutes: num(v.remindMinutes),
    });
  }

  const text = (field: 'taskKey' | 'label' | 'threshold' | 'limitSeconds' | 'p95Factor' | 'target' | 'remindMinutes', extra: { placeholder?: string; inputMode?: 'numeric' | 'decimal' | 'email' | 'url' } = {}) => (
    <input {...bound(field)} {...extra} autoComplete="off" className={inputClass} value={values[field]} onChange={(e) => set(field, e.target.value)} />
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label={taskKey ? `Add an alert rule for ${taskKey}` : 'Add an alert rule'} data-testid="alert-rule-form" className="space-y-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {taskKey ? null : (
          <Field id={id('scope')} label="For" error={errors.scope}>
            <select {...bound('scope')} className={inputClass} value={values.scope} onChange={(e) => set('scope', e.target.value as Scope)}>
              <option value="global">All tasks</option>
              <option value="task">One task</option>
              <option value="label">Tasks with a label</option>
            </select>
          </Field>
        )}
        {!taskKey && values.scope === 'task' ? <Field id={id('taskKey')} label="Task key" error={errors.taskKey} required>{text('taskKey', { placeholder: 'nightly-backup' })}</Field> : null}
        {values.scope === 'label' ? <Field id={id('label')} label="Label" error={errors.label} required>{text('label', { placeholder: 'backups' })}</Field> : null}

        <Field id={id('kind')} label="When" error={errors.kind}>
          <select {...bound('kind')} className={inputClass} value={values.kind} onChange={(e) => set('kind', e.target.value as AlertKind)}>
            {KINDS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </Field>
        {values.kind === 'failures' ? <Field id={id('threshold')} label="Failures in a row" error={errors.threshold}>{text('threshold', { inputMode: 'numeric' })}</Field> : null}
        {values.kind === 'too_long' ? (
          <TooLong
            by={values.tooLongBy}
            onBy={(by) => set('tooLongBy', by)}
            field={values.tooLongBy === 'seconds' ? (
              <Field id={id('limitSeconds')} label="Limit (seconds)" error={errors.limitSeconds} required>{text('limitSeconds', { inputMode: 'numeric', placeholder: '600' })}</Field>
            ) : (
              <Field id={id('p95Factor')} label="Times its p95 duration" error={errors.p95Factor}>{text('p95Factor', { inputMode: 'decimal' })}</Field>
            )}
            id={`${uid}-too-long-by`}
          />
        ) : null}

        <Field id={id('channel')} label="Send to" error={errors.channel}>
          <select {...bound('channel')} className={inputClass} value={values.channel} onChange={(e) => setValues((v) => ({ ...v, channel: e.target.value as AlertChannel, target: '' }))}>
            {CHANNELS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </Field>
        {values.channel === 'webhook' ? (
          <Field
            id={id('target')}
            label="Endpoint"
            error={errors.target}
            required
            hint={endpoints.data && endpoints.data.items.length === 0 ? <>No endpoints yet: add one on <Link href="/admin/webhooks" className="underline">Webhooks</Link>.</> : undefined}
          >
            <select {...fieldProps(id('target'), errors.target, endpoints.data?.items.length === 0 ? 'x' : undefined)} className={inputClass} value={values.target} onChange={(e) => set('target', e.target.value)}>
              <option value="">Choose an endpoint…</option>
              {(endpoints.data?.items ?? []).map((e) => <option key={e.id} value={e.id}>{e.url}</option>)}
            </select>
          </Field>
        ) : (
          <Field id={id('target')} label={values.channel === 'slack' ? 'Slack webhook URL' : 'Email address'} error={errors.target} required>
            {text('target', values.channel === 'slack' ? { inputMode: 'url', placeholder: 'https://hooks.slack.com/services/…' } : { inputMode: 'email', placeholder: 'ops@example.com' })}
          </Field>
        )}
        <Field id={id('remindMinutes')} label="Remind every (minutes)" error={errors.remindMinutes} hint="Blank: no reminders. Acknowledging an incident stops them.">
          <input {...fieldProps(id('remindMinutes'), errors.remindMinutes, 'x')} inputMode="numeric" autoComplete="off" className={inputClass} value={values.remindMinutes} onChange={(e) => set('remindMinutes', e.target.value)} />
        </Field>
      </div>
      {formError ? <p role="alert" className="text-sm text-red-700 dark:text-red-400">{formError}</p> : null}
      <button type="submit" className={buttonClass.primary} disabled={create.isPending}>
        {create.isPending ? 'Adding…' : taskKey ? 'Add rule for this task' : 'Add rule'}
      </button>
    </form>
  );
}

/** too-long's limit: fixed seconds, or a factor of the task's p95 duration. */
function TooLong({ id, by, onBy, field }: { id: string; by: TooLongBy; onBy: (by: TooLongBy) => void; field: ReactNode }) {
  return (
    <>
      <Field id={id} label="Too long means">
        <select id={id} className={inputClass} value={by} onChange={(e) => onBy(e.target.value as TooLongBy)}>
          <option value="seconds">Longer than a limit</option>
          <option value="p95">Longer than k × its p95</option>
        </select>
      </Field>
      {field}
    </>
  );
}
