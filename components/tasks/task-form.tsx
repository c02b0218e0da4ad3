'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { usePermission } from '@/components/auth/use-permission';
import { useTRPC } from '@/components/trpc/client';
import { BACKOFF_KINDS, HTTP_METHODS, MISFIRE_POLICIES, OVERLAP_POLICIES, PRIORITIES, TASK_KINDS } from '@/server/tasks/constants';
import { keyFromName } from '@/server/tasks/schemas';
import { isBoardField } from '@/server/tasks/definition-fields';
import { buttonClass, Field, fieldProps, inputClass, NEEDS_EDITOR, NEEDS_OPERATOR, Section } from './field';
import { SchedulePreview, useSchedulePreview } from './schedule-preview';
import {
  fieldForPath,
  fieldLabel,
  fieldMessage,
  toTaskInput,
  type FieldErrors,
  type FieldName,
  type TaskFormValues,
} from './task-form-values';

const KIND_LABELS = { shell: 'Shell command', http: 'HTTP request', handler: 'Handler' } as const;
const OVERLAP_LABELS = { skip: 'Skip (no new run while one runs)', queue: 'Queue (run after the current one)', allow: 'Allow (up to max instances)' } as const;
const MISFIRE_LABELS = { coalesce: 'Coalesce missed runs into one', skip: 'Skip runs later than the grace time', catch_up: 'Catch up each missed run' } as const;

// Field order, for focusing the first error.
const ORDER: FieldName[] = [
  'name', 'key', 'description', 'kind', 'command', 'cwd', 'env', 'httpMethod', 'httpUrl', 'httpHeaders', 'httpBody', 'handler', 'payload',
  'schedule', 'timezone', 'priority', 'maxRetries', 'retryBackoff', 'retryDelaySeconds', 'retryMaxDelaySeconds', 'timeoutSeconds',
  'overlap', 'maxInstances', 'misfire', 'misfireGraceSeconds', 'labels', 'assignee', 'paused',
];

function useTimeZones(): string[] {
  // Filled after mount: the server's and the browser's lists may differ (no hydration mismatch).
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => {
    try {
      setZones(Intl.supportedValuesOf('timeZone'));
    } catch {
      setZones([]);
    }
  }, []);
  return zones;
}

export type TaskFormProps =
  | { mode: 'create'; initial: TaskFormValues }
  | { mode: 'edit'; initial: TaskFormValues; taskKey: string; version: number; onReload: () => Promise<TaskFormValues | null> };

export function TaskForm(props: TaskFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  // An operator edits the board fields of an existing task; what it runs is the editor's (server/tasks/definition-fields.ts).
  const canDefine = usePermission('editor');
  const canOperate = usePermission('operator');
  const canEdit = props.mode === 'create' ? canDefine : canOperate;
  const locked = (field: FieldName) => !canDefine && !isBoardField(field);
  const uid = useId();
  const zones = useTimeZones();
  const [values, setValues] = useState<TaskFormValues>(props.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [keyEdited, setKeyEdited] = useState(props.mode === 'edit');
  const [version, setVersion] = useState(props.mode === 'edit' ? props.version : 0);
  const preview = useSchedulePreview(values.schedule, values.timezone);
  const previewError = preview.data && !preview.data.ok && !preview.typing ? preview.data.error : null;

  const id = (field: FieldName) => `${uid}-${field}`;
  const error = (field: FieldName) => errors[field];

  function validate(next: TaskFormValues): FieldErrors {
    const result = toTaskInput(next);
    return result.ok ? {} : result.errors;
  }

  function set<K extends FieldName>(field: K, value: TaskFormValues[K]) {
    setValues((prev) => {
      const next = { ...prev, [field]: value };
      if (field === 'name' && !keyEdited) next.key = keyFromName(String(value));
      if (submitted) setErrors(validate(next));
      return next;
    });
    if (field === 'key') setKeyEdited(true);
  }

  const onSaved = async (key: string, message: string) => {
    toast.success(message);
    await queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
    router.push(`/tasks/${encodeURIComponent(key)}`);
  };

  type MutationError = { message: string; data?: { fieldErrors?: Record<string, string[] | undefined> | null; appCode?: string | null } | null };
  function onServerError(err: MutationError) {
    const fieldErrors: FieldErrors = {};
    for (const [path, messages] of Object.entries(err.data?.fieldErrors ?? {})) {
      const field = fieldForPath(path);
      const message = messages?.[0];
      if (field && message) fieldErrors[field] ??= fieldMessage(field, message);
    }
    if (Object.keys(fieldErrors).length > 0) {
      setErrors(fieldErrors);
      setFormError('The server refused some fields; see the messages next to them.');
      focusFirst(fieldErrors);
      toast.error('The task was not saved: check the highlighted fields.');
    } else if (err.data?.appCode === 'CONFLICT' && props.mode === 'edit') {
      setConflict(true);
      toast.error('Someone else changed this task while you were editing.', {
        action: { label: 'Reload', onClick: () => void reload() },
      });
    } else {
      setFormError(err.message);
      toast.error(`The task was not saved: ${err.message}`);
    }
  }

  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      onSuccess: (task) => onSaved(task.key, `Created ${task.name}`),
      onError: onServerError,
    }),
  );
  const update = useMutation(
    trpc.tasks.update.mutationOptions({
      onSuccess: (task) => {
        setVersion(task.version);
        return onSaved(task.key, `Saved ${task.name}`);
      },
      onError: onServerError,
    }),
  );
  const saving = create.isPending || update.isPending;

  async function reload() {
    if (props.mode !== 'edit') return;
    const fresh = await props.onReload();
    if (!fresh) return;
    setValues(fresh);
    setErrors({});
    setConflict(false);
    setFormError(null);
    toast.info('Reloaded the latest version of the task.');
  }

  function focusFirst(errs: FieldErrors) {
    const first = ORDER.find((f) => errs[f]);
    if (first) document.getElementById(id(first))?.focus();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    const result = toTaskInput(values);
    const errs: FieldErrors = result.ok ? {} : { ...result.errors };
    if (previewError && !errs.schedule && !errs.timezone) {
      const field = previewError.field === 'timezone' ? 'timezone' : 'schedule';
      errs[field] = `${fieldLabel(field)}: ${previewError.message}`;
    }
    setErrors(errs);
    if (!result.ok || Object.keys(errs).length > 0) {
      focusFirst(errs);
      return;
    }
    if (props.mode === 'create') create.mutate(result.input);
    else update.mutate({ key: props.taskKey, expectedVersion: version, input: result.input });
  }

  const errorCount = Object.values(errors).filter(Boolean).length;
  const text = (field: FieldName, extra: Record<string, unknown> = {}) => ({
    ...fieldProps(id(field), error(field), extra.hint as string | undefined),
    value: values[field] as string,
    onChange: (e: { target: { value: string } }) => set(field, e.target.value as never),
    className: inputClass,
    ...(locked(field) ? { disabled: true, title: NEEDS_EDITOR } : {}),
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mx-auto max-w-4xl space-y-5" aria-label={props.mode === 'create' ? 'New task' : 'Edit task'}>
      {conflict ? (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <span>Someone else changed this task while you were editing. Reload to see their version (your changes here are discarded).</span>
          <button type="button" className={buttonClass.secondary} onClick={() => void reload()}>
            Reload
          </button>
        </div>
      ) : null}
      {(submitted && errorCount > 0) || formError ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {formError ?? `Please fix ${errorCount} field${errorCount === 1 ? '' : 's'} below.`}
        </div>
      ) : null}

      {canEdit && !canDefine ? (
        <p role="note" className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300">
          As an operator you can change the name, description, priority, labels, assignee and pause. What the task runs (kind, command, URL, handler, payload, working directory, environment, schedule, policies) needs the editor role.
        </p>
      ) : null}
      <fieldset disabled={!canEdit} title={canEdit ? undefined : props.mode === 'create' ? NEEDS_EDITOR : NEEDS_OPERATOR} className="min-w-0 space-y-5">
        <Section title="Task">
          <Field id={id('name')} label="Name" required error={error('name')}>
            <input {...text('name')} autoComplete="off" maxLength={200} />
          </Field>
          <Field id={id('key')} label="Key" required error={error('key')} hint="URL-safe id used by the CLI and YAML, e.g. nightly-backup">
            <input {...text('key', { hint: 'x' })} autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} maxLength={80} />
          </Field>
          <Field id={id('description')} label="Description" error={error('description')} hint="Markdown source, shown as text on the task page" className="sm:col-span-2">
            <textarea {...text('description', { hint: 'x' })} rows={4} />
          </Field>
          <div className="sm:col-span-2" role="radiogroup" aria-labelledby={`${uid}-kind-label`}>
            <p id={`${uid}-kind-label`} className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">
              Kind
            </p>
            <div className="flex flex-wrap gap-2">
              {TASK_KINDS.map((kind) => (
                <label
                  key={kind}
                  className={`inline-flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm ${
                    values.kind === kind
                      ? 'border-indigo-500 bg-indigo-50 text-indigo-900 dark:border-indigo-400 dark:bg-indigo-950 dark:text-indigo-100'
                      : 'border-slate-300 text-slate-800 dark:border-slate-600 dark:text-slate-200'
                  }`}
                >
                  <input type="radio" name={`${uid}-kind`} value={kind} checked={values.kind === kind} onChange={() => set('kind', kind)} disabled={locked('kind')} title={locked('kind') ? NEEDS_EDITOR : undefined} className="accent-indigo-600" />
                  {KIND_LABELS[kind]}
                </label>
              ))}
            </div>
          </div>
        </Section>

        <Section title={KIND_LABELS[values.kind]}>
          {values.kind === 'shell' ? (
            <>
              <Field id={id('command')} label="Command" required error={error('command')} hint="Run by /bin/sh -c" className="sm:col-span-2">
                <textarea {...text('command', { hint: 'x' })} rows={3} spellCheck={false} className={`${inputClass} font-mono`} />
              </Field>
              <Field id={id('cwd')} label="Working directory" error={error('cwd')} hint="Must lie inside the allowed folders; empty: the worker's">
                <input {...text('cwd', { hint: 'x' })} spellCheck={false} className={`${inputClass} font-mono`} />
              </Field>
              <Field id={id('env')} label="Environment" error={error('env')} hint="One KEY=VALUE per line">
                <textarea {...text('env', { hint: 'x' })} rows={3} spellCheck={false} placeholder="LOG_LEVEL=info" className={`${inputClass} font-mono`} />
              </Field>
            </>
          ) : null}
          {values.kind === 'http' ? (
            <>
              <Field id={id('httpMethod')} label="Method" error={error('httpMethod')}>
                <select {...text('httpMethod')}>
                  {HTTP_METHODS.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              </Field>
              <Field id={id('httpUrl')} label="URL" required error={error('httpUrl')}>
                <input {...text('httpUrl')} type="url" inputMode="url" spellCheck={false} placeholder="https://example.com/hook" className={`${inputClass} font-mono`} />
              </Field>
              <Field id={id('httpHeaders')} label="Headers" error={error('httpHeaders')} hint="One Name: value per line">
                <textarea {...text('httpHeaders', { hint: 'x' })} rows={3} spellCheck={false} placeholder="Authorization: Bearer …" className={`${inputClass} font-mono`} />
              </Field>
              <Field id={id('httpBody')} label="Body" error={error('httpBody')}>
                <textarea {...text('httpBody')} rows={3} spellCheck={false} className={`${inputClass} font-mono`} />
              </Field>
            </>
          ) : null}
          {values.kind === 'handler' ? (
            <Field id={id('handler')} label="Handler" required error={error('handler')} hint="Name a handler registered in the worker" className="sm:col-span-2">
              <input {...text('handler', { hint: 'x' })} spellCheck={false} className={`${inputClass} font-mono`} />
            </Field>
          ) : null}
          {values.kind !== 'http' ? (
            <Field
              id={id('payload')}
              label="Payload (JSON)"
              error={error('payload')}
              hint={values.kind === 'shell' ? 'Passed to the command as CRONBOARD_PAYLOAD' : 'Passed to the handler'}
              className="sm:col-span-2"
            >
              <textarea
                {...text('payload', { hint: 'x' })}
                onBlur={() => setErrors((prev) => ({ ...prev, payload: validate(values).payload }))}
                rows={4}
                spellCheck={false}
                placeholder='{ "retain": 7 }'
                className={`${inputClass} font-mono`}
              />
            </Field>
          ) : null}
        </Section>

        <Section title="Schedule">
          <Field
            id={id('schedule')}
            label="Schedule"
            required
            error={error('schedule') ?? (previewError && previewError.field !== 'timezone' ? `Schedule: ${previewError.message}` : undefined)}
            hint="Cron (0 2 * * *), interval (every 15 minutes), words (weekdays at 08:00), a date-time, or manual"
          >
            <input {...text('schedule', { hint: 'x' })} autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} aria-controls={`${uid}-preview`} />
          </Field>
          <Field
            id={id('timezone')}
            label="Timezone"
            error={error('timezone') ?? (previewError?.field === 'timezone' ? `Timezone: ${previewError.message}` : undefined)}
            hint={values.timezone.trim() === '' ? `Empty: the server default${preview.data?.ok ? ` (${preview.data.timezone})` : ''}` : 'IANA name, e.g. Europe/Paris'}
          >
            <input {...text('timezone', { hint: 'x' })} list={`${uid}-zones`} autoComplete="off" spellCheck={false} />
            <datalist id={`${uid}-zones`}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </Field>
          <div className="sm:col-span-2">
            <SchedulePreview id={`${uid}-preview`} state={preview} />
          </div>
          <label className="inline-flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200 sm:col-span-2">
            <input type="checkbox" id={id('paused')} checked={values.paused} onChange={(e) => set('paused', e.target.checked)} className="h-4 w-4 accent-indigo-600" />
            Paused (the schedule does not fire; Run now still works)
          </label>
        </Section>

        <Section title="Policies">
          <Field id={id('priority')} label="Priority" error={error('priority')}>
            <select {...text('priority')}>
              {[...PRIORITIES].reverse().map((p) => (
                <option key={p} value={p}>
                  {p.charAt(0).toUpperCase() + p.slice(1)}
                </option>
              ))}
            </select>
          </Field>
          <Field id={id('timeoutSeconds')} label="Timeout (seconds)" error={error('timeoutSeconds')} hint="Empty: the server default">
            <input {...text('timeoutSeconds', { hint: 'x' })} inputMode="numeric" />
          </Field>
          <Field id={id('maxRetries')} label="Max retries" error={error('maxRetries')}>
            <input {...text('maxRetries')} inputMode="numeric" />
          </Field>
          <Field id={id('retryBackoff')} label="Backoff" error={error('retryBackoff')}>
            <select {...text('retryBackoff')}>
              {BACKOFF_KINDS.map((b) => (
                <option key={b} value={b}>
                  {b === 'fixed' ? 'Fixed delay' : 'Exponential'}
                </option>
              ))}
            </select>
          </Field>
          <Field id={id('retryDelaySeconds')} label="Retry delay (seconds)" error={error('retryDelaySeconds')} hint="Base delay before the first retry">
            <input {...text('retryDelaySeconds', { hint: 'x' })} inputMode="numeric" />
          </Field>
          <Field id={id('retryMaxDelaySeconds')} label="Retry delay cap (seconds)" error={error('retryMaxDelaySeconds')} hint="Exponential backoff never waits longer">
            <input {...text('retryMaxDelaySeconds', { hint: 'x' })} inputMode="numeric" />
          </Field>
          <Field id={id('overlap')} label="Overlap" error={error('overlap')}>
            <select {...text('overlap')}>
              {OVERLAP_POLICIES.map((o) => (
                <option key={o} value={o}>
                  {OVERLAP_LABELS[o]}
                </option>
              ))}
            </select>
          </Field>
          <Field id={id('maxInstances')} label="Max instances" error={error('maxInstances')} hint={values.overlap === 'allow' ? 'Runs at once' : 'Used with overlap "allow"'}>
            <input {...text('maxInstances', { hint: 'x' })} inputMode="numeric" disabled={locked('maxInstances') || values.overlap !== 'allow'} />
          </Field>
          <Field id={id('misfire')} label="Misfire" error={error('misfire')}>
            <select {...text('misfire')}>
              {MISFIRE_POLICIES.map((m) => (
                <option key={m} value={m}>
                  {MISFIRE_LABELS[m]}
                </option>
              ))}
            </select>
          </Field>
          <Field id={id('misfireGraceSeconds')} label="Misfire grace (seconds)" error={error('misfireGraceSeconds')} hint={values.misfire === 'skip' ? 'Later runs are dropped' : 'Used with misfire "skip"'}>
            <input {...text('misfireGraceSeconds', { hint: 'x' })} inputMode="numeric" disabled={locked('misfireGraceSeconds') || values.misfire !== 'skip'} />
          </Field>
        </Section>

        <Section title="Board">
          <Field id={id('labels')} label="Labels" error={error('labels')} hint="Comma-separated, e.g. ops, nightly">
            <input {...text('labels', { hint: 'x' })} autoComplete="off" />
          </Field>
          <Field id={id('assignee')} label="Assignee" error={error('assignee')}>
            <input {...text('assignee')} autoComplete="off" />
          </Field>
        </Section>
      </fieldset>

      <div className="flex flex-wrap items-center justify-end gap-2">
        <Link href={props.mode === 'edit' ? `/tasks/${encodeURIComponent(props.taskKey)}` : '/'} className={buttonClass.secondary}>
          Cancel
        </Link>
        <button type="submit" className={buttonClass.primary} disabled={!canEdit || saving} title={canEdit ? undefined : props.mode === 'create' ? NEEDS_EDITOR : NEEDS_OPERATOR}>
          {saving ? 'Saving…' : props.mode === 'create' ? 'Create task' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
