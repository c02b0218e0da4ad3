'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { usePermission } from '@/components/auth/use-permission';
import { useTRPC } from '@/components/trpc/client';
import { isBoardField } from '@/server/tasks/definition-fields';
import { keyFromName } from '@/server/tasks/schemas';
import { buttonClass, fieldProps, inputClass, NEEDS_EDITOR, NEEDS_OPERATOR } from './field';
import { useSchedulePreview, type SavedFireTimes } from './schedule-preview';
import type { FormBind } from './task-form-bind';
import { KindSection } from './task-form-kind';
import { BoardSection, PoliciesSection } from './task-form-policies';
import { ScheduleSection } from './task-form-schedule';
import { TaskSection } from './task-form-task';
import {
  fieldForPath,
  fieldLabel,
  issueMessage,
  toTaskInput,
  type FieldErrors,
  type FieldName,
  type TaskFormValues,
} from './task-form-values';

export type TaskFormProps =
  | { mode: 'create'; initial: TaskFormValues }
  | {
      mode: 'edit';
      initial: TaskFormValues;
      taskKey: string;
      version: number;
      onReload: () => Promise<TaskFormValues | null>;
      /** The saved schedule's real next fire times, shown while the schedule is unchanged. */
      saved?: SavedFireTimes;
      /** A YAML-managed task's file: its definition fields are read-only here. */
      managedIn?: string | null;
    };

export function TaskForm(props: TaskFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  // An operator edits the board fields of an existing task; what it runs is the editor's (server/tasks/definition-fields.ts).
  const canDefine = usePermission('editor');
  const canOperate = usePermission('operator');
  const canEdit = props.mode === 'create' ? canDefine : canOperate;
  const managedIn = props.mode === 'edit' ? (props.managedIn ?? null) : null;
  const locked = (field: FieldName) => (!canDefine || managedIn !== null) && !isBoardField(field);
  const lockReason = managedIn ? `Managed in ${managedIn}: change it in the file, or detach the task from it` : NEEDS_EDITOR;
  const needs = props.mode === 'create' ? NEEDS_EDITOR : NEEDS_OPERATOR;
  const uid = useId();
  const [values, setValues] = useState<TaskFormValues>(props.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [keyEdited, setKeyEdited] = useState(props.mode === 'edit');
  const [version, setVersion] = useState(props.mode === 'edit' ? props.version : 0);
  const preview = useSchedulePreview(values.schedule, values.timezone, props.mode === 'edit' ? props.saved : undefined);
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
      if (field === 'name' && !keyEdited) next.key = keyFromName(next.name);
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

  type MutationError = {
    message: string;
    data?: { fieldErrors?: Record<string, string[] | undefined> | null; appCode?: string | null } | null;
  };
  function onServerError(err: MutationError) {
    const fieldErrors: FieldErrors = {};
    for (const [path, messages] of Object.entries(err.data?.fieldErrors ?? {})) {
      const field = fieldForPath(path);
      const message = messages?.[0];
      if (field && message) fieldErrors[field] ??= issueMessage(path, message) ?? message;
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

  /** Focuses the field with an error that comes first on the page. */
  function focusFirst(errs: FieldErrors) {
    const inputs = (Object.keys(errs) as FieldName[])
      .filter((field) => errs[field])
      .map((field) => document.getElementById(id(field)))
      .filter((el): el is HTMLElement => el !== null);
    inputs.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    inputs[0]?.focus();
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
  const text: FormBind['text'] = (field, extra = {}) => ({
    ...fieldProps(id(field), error(field), extra.hint),
    value: values[field] as string,
    onChange: (e) => set(field, e.target.value as never),
    className: inputClass,
    ...(locked(field) ? { disabled: true, title: lockReason } : {}),
  });
  const bind: FormBind = { uid, values, set, error, id, text, setErrors, validate, locked };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="mx-auto max-w-4xl space-y-5"
      aria-label={props.mode === 'create' ? 'New task' : 'Edit task'}
    >
      {conflict ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <span>
            Someone else changed this task while you were editing. Reload to see their version (your changes here are discarded).
          </span>
          <button type="button" className={buttonClass.secondary} onClick={() => void reload()}>
            Reload
          </button>
        </div>
      ) : null}
      {(submitted && errorCount > 0) || formError ? (
        <div
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {formError ?? `Please fix ${errorCount} field${errorCount === 1 ? '' : 's'} below.`}
        </div>
      ) : null}

      {canEdit && !canDefine ? (
        <p
          role="note"
          className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
        >
          As an operator you can change the name, description, priority, labels, assignee and pause. What the task runs (kind,
          command, URL, handler, payload, working directory, environment, schedule, policies) needs the editor role.
        </p>
      ) : null}
      <fieldset disabled={!canEdit} title={canEdit ? undefined : needs} className="min-w-0 space-y-5">
        <TaskSection bind={bind} />
        <KindSection bind={bind} />
        <ScheduleSection bind={bind} preview={preview} previewError={previewError} />
        <PoliciesSection bind={bind} />
        <BoardSection bind={bind} />
      </fieldset>

      <div className="flex flex-wrap items-center justify-end gap-2">
        <Link
          href={props.mode === 'edit' ? `/tasks/${encodeURIComponent(props.taskKey)}` : '/'}
          className={buttonClass.secondary}
        >
          Cancel
        </Link>
        <button type="submit" className={buttonClass.primary} disabled={!canEdit || saving} title={canEdit ? undefined : needs}>
          {saving ? 'Saving…' : props.mode === 'create' ? 'Create task' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
