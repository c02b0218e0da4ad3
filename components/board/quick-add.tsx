'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { toast } from 'sonner';
import { usePermission } from '@/components/auth/use-permission';
import { useTRPC } from '@/components/trpc/client';
import type { TaskStatus } from '@/server/tasks/constants';

const inputClass =
  'w-full rounded border border-slate-300 bg-white px-2 py-1 text-xs text-slate-900 placeholder:text-slate-500 aria-[invalid]:border-red-500 dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-400';

type FieldErrors = Partial<Record<'name' | 'command' | 'schedule', string>>;

/** "Add a task" at the foot of a column: name, command and schedule make a shell task in this column. */
export function QuickAdd({
  status,
  title,
  canOperate,
  onAdded,
}: {
  status: TaskStatus;
  title: string;
  canOperate: boolean;
  /** After a card was added (at the end of the column). */
  onAdded?: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Quick add creates a shell task: defining what runs needs the editor role.
  const canCreate = usePermission('editor') && canOperate;
  const id = useId();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: '', command: '', schedule: 'manual' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // Live check of the schedule with the one parser, so a typo shows before submitting.
  const [typedSchedule, setTypedSchedule] = useState(form.schedule);
  useEffect(() => {
    const timer = setTimeout(() => setTypedSchedule(form.schedule.trim()), 250);
    return () => clearTimeout(timer);
  }, [form.schedule]);
  const preview = useQuery({
    ...trpc.schedules.preview.queryOptions({ schedule: typedSchedule || 'manual', count: 1 }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  const scheduleProblem =
    preview.data && !preview.data.ok && typedSchedule === form.schedule.trim() ? `Schedule: ${preview.data.error.message}` : null;
  const add = useMutation(
    trpc.board.quickAdd.mutationOptions({
      onSuccess: async (task) => {
        toast.success(`Added “${task.name}” to ${title}`);
        setForm({ name: '', command: '', schedule: 'manual' });
        setOpen(false);
        onAdded?.();
        await queryClient.invalidateQueries({ queryKey: trpc.board.get.queryKey() });
      },
      onError: (e) => {
        const fields: Record<string, string[] | undefined> = e.data?.fieldErrors ?? {};
        const next: FieldErrors = {};
        for (const f of ['name', 'command', 'schedule'] as const) {
          const message = fields[f]?.[0];
          if (message) next[f] = `${f[0]!.toUpperCase()}${f.slice(1)} ${message}`;
        }
        setErrors(next);
        setFormError(Object.keys(next).length > 0 ? null : e.message);
      },
    }),
  );

  if (!open) {
    return (
      <div className="px-2 pb-2">
        <button
          type="button"
          disabled={!canCreate}
          title={canCreate ? undefined : 'Needs the editor role: only editors and admins define what runs'}
          onClick={() => setOpen(true)}
          className="w-full rounded-lg px-2 py-1.5 text-left text-xs font-medium text-slate-600 hover:bg-white hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:opacity-50 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
        >
          + Add a task<span className="sr-only"> to {title}</span>
        </button>
      </div>
    );
  }

  const field = (name: keyof typeof form, label: string, placeholder: string) => (
    <div>
      <label htmlFor={`${id}-${name}`} className="mb-0.5 block text-[11px] font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        autoFocus={name === 'name'}
        value={form[name]}
        placeholder={placeholder}
        onChange={(e) => {
          setForm({ ...form, [name]: e.target.value });
          if (errors[name]) setErrors({ ...errors, [name]: undefined });
        }}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
        className={`${inputClass} ${name === 'command' ? 'font-mono' : ''}`}
      />
      {errors[name] && (
        <p id={`${id}-${name}-error`} className="mt-0.5 text-[11px] text-red-700 dark:text-red-300">
          {errors[name]}
        </p>
      )}
      {name === 'schedule' && !errors.schedule && (
        <p
          aria-live="polite"
          className={`mt-0.5 min-h-4 text-[11px] ${scheduleProblem ? 'text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}
        >
          {scheduleProblem ?? (preview.data?.ok ? preview.data.description : '')}
        </p>
      )}
    </div>
  );

  return (
    <form
      aria-label={`Add a task to ${title}`}
      className="mx-2 mb-2 space-y-2 rounded-lg border border-slate-200 bg-white p-2 dark:border-slate-700 dark:bg-slate-800"
      onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      onSubmit={(e) => {
        e.preventDefault();
        const missing: FieldErrors = {};
        if (!form.name.trim()) missing.name = 'Name is required';
        if (!form.command.trim()) missing.command = 'Command is required';
        if (scheduleProblem) missing.schedule = scheduleProblem;
        setErrors(missing);
        setFormError(null);
        if (Object.keys(missing).length === 0)
          add.mutate({ status, name: form.name, command: form.command, schedule: form.schedule.trim() || 'manual' });
      }}
    >
      {field('name', 'Name', 'Nightly backup')}
      {field('command', 'Command', 'echo hello')}
      {field('schedule', 'Schedule', 'manual, daily at 02:00, */15 * * * *')}
      {formError && (
        <p role="alert" className="text-[11px] text-red-700 dark:text-red-300">
          {formError}
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={add.isPending}
          className="rounded bg-indigo-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-60"
        >
          {add.isPending ? 'Adding…' : 'Add'}
        </button>
        <button
          type="button"
          onClick={() => setOpen(false)}
          className="rounded px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-700"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
