'use client';

import { useRouter } from 'next/navigation';
import { useId, type FormEvent } from 'react';
import { RUN_TRIGGERS, type RunFilters } from '@/server/runs/schemas';
import { paramsFromFilters } from './search-params';

/** `datetime-local` wants local wall time without zone: format a Date for it. */
function toLocalInput(date: Date | undefined): string {
  if (!date) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

const field =
  'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

/** Task, trigger and time range filters; applying them rewrites the URL (the status filter is kept). */
export function RunFilterBar({ filters }: { filters: RunFilters }) {
  const router = useRouter();
  const id = useId();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) =>
      (() => {
        const v = form.get(name);
        return typeof v === 'string' ? v.trim() : '';
      })();
    const when = (name: string) => (text(name) ? new Date(text(name)) : undefined);
    const next: RunFilters = {
      status: filters.status,
      taskKey: text('task') || undefined,
      trigger: (text('trigger') || undefined) as RunFilters['trigger'],
      from: when('from'),
      to: when('to'),
    };
    const p = paramsFromFilters(next);
    router.replace(p.size ? `/runs?${p}` : '/runs', { scroll: false });
  };
  const key = JSON.stringify(filters);
  return (
    <form key={key} onSubmit={onSubmit} aria-label="Filter runs" className="mb-4 flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300" htmlFor={`${id}-task`}>
        Task key
        <input
          id={`${id}-task`}
          name="task"
          defaultValue={filters.taskKey ?? ''}
          placeholder="any task"
          className={`${field} w-44`}
        />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300" htmlFor={`${id}-trigger`}>
        Trigger
        <select id={`${id}-trigger`} name="trigger" defaultValue={filters.trigger ?? ''} className={`${field} w-32`}>
          <option value="">any</option>
          {RUN_TRIGGERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300" htmlFor={`${id}-from`}>
        Queued from
        <input id={`${id}-from`} type="datetime-local" name="from" defaultValue={toLocalInput(filters.from)} className={field} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300" htmlFor={`${id}-to`}>
        until
        <input id={`${id}-to`} type="datetime-local" name="to" defaultValue={toLocalInput(filters.to)} className={field} />
      </label>
      <button
        type="submit"
        className="h-9 rounded-md bg-slate-900 px-3 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-white"
      >
        Apply
      </button>
      {(filters.taskKey || filters.trigger || filters.from || filters.to || filters.status) && (
        <button
          type="button"
          onClick={() => router.replace('/runs', { scroll: false })}
          className="h-9 rounded-md px-3 text-sm font-medium text-slate-700 underline-offset-2 hover:underline dark:text-slate-200"
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
