'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import type { TaskStatus } from '@/server/tasks/constants';

const buttonClass =
  'rounded px-1.5 py-0.5 text-xs text-slate-600 hover:bg-white hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:opacity-50 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white';

/** The column's WIP limit: a small inline form behind a "Limit" button. */
export function WipLimit({
  status,
  title,
  wipLimit,
  canOperate,
}: {
  status: TaskStatus;
  title: string;
  wipLimit: number | null;
  canOperate: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const set = useMutation(
    trpc.board.setWipLimit.mutationOptions({
      onSuccess: async (result) => {
        setOpen(false);
        toast.success(result.wipLimit === null ? `${title}: WIP limit removed` : `${title}: WIP limit set to ${result.wipLimit}`);
        await queryClient.invalidateQueries({ queryKey: trpc.board.get.queryKey() });
      },
      onError: (e) => {
        const message = (e.data?.fieldErrors as Record<string, string[] | undefined> | null | undefined)?.wipLimit?.[0];
        setError(message ? `WIP limit ${message}` : e.message);
      },
    }),
  );

  if (!open) {
    return (
      <button
        type="button"
        className={buttonClass}
        disabled={!canOperate}
        title={canOperate ? `Set the WIP limit of ${title}` : 'Needs the operator role'}
        aria-label={`WIP limit of ${title}`}
        onClick={() => {
          setValue(wipLimit === null ? '' : String(wipLimit));
          setError(null);
          setOpen(true);
        }}
      >
        Limit
      </button>
    );
  }
  const save = (limit: number | null) => {
    setError(null);
    set.mutate({ status, wipLimit: limit });
  };
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = value.trim();
        if (trimmed === '') return save(null);
        const n = Number(trimmed);
        if (!Number.isInteger(n) || n < 1) return setError('WIP limit must be a whole number of at least 1 (empty: no limit)');
        save(n);
      }}
      onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
    >
      <label htmlFor={inputId} className="sr-only">
        WIP limit of {title} (empty for none)
      </label>
      <input
        id={inputId}
        autoFocus
        inputMode="numeric"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="none"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${inputId}-error` : undefined}
        className="w-14 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-900 dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100"
      />
      <button type="submit" className={buttonClass} disabled={set.isPending}>
        Save
      </button>
      <button type="button" className={buttonClass} onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && (
        <p id={`${inputId}-error`} role="alert" className="basis-full text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </form>
  );
}
