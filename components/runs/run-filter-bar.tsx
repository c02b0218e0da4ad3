'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTaskSuggestions } from '@/components/tasks/use-task-suggestions';
import { FilterBar } from '@/components/ui/filter-bar';
import { RUN_TRIGGERS, type RunFilters } from '@/server/runs/schemas';
import { filtersFromParams, paramsFromFilters } from './search-params';

const TRIGGER_OPTIONS = RUN_TRIGGERS.map((t) => ({ value: t, label: t }));
const HOUR = 3_600_000;
export const QUICK_RANGES = [
  { label: 'Last hour', ms: HOUR },
  { label: 'Last 24 h', ms: 24 * HOUR },
  { label: 'Last 7 days', ms: 7 * 24 * HOUR },
] as const;

/** What was typed in the task box: a key as it is, or the name of a task found for it (any case) as that task's key. */
export function taskKeyFor(typed: string, found: { key: string; name: string }[]): string {
  const t = typed.trim();
  if (!t || found.some((f) => f.key === t)) return t;
  return found.find((f) => f.name.toLowerCase() === t.toLowerCase())?.key ?? t;
}

/**
 * Task (by name or key, with suggestions), trigger and time range (UTC; or a
 * quick range) filters; applying them rewrites the URL (the status filter is kept).
 */
export function RunFilterBar({ filters }: { filters: RunFilters }) {
  const [typed, setTyped] = useState('');
  const tasks = useTaskSuggestions(typed);
  const router = useRouter();
  return (
    <>
      <div role="group" aria-label="Quick time ranges" className="mb-2 flex flex-wrap gap-2 text-sm">
        {QUICK_RANGES.map((r) => (
          <button
            key={r.label}
            type="button"
            // Computed when pressed (to the minute), so the link is "since now", not since the page loaded.
            onClick={() => {
              const from = new Date(Math.floor((Date.now() - r.ms) / 60_000) * 60_000);
              router.replace(`/runs?${paramsFromFilters({ ...filters, from, to: undefined })}`, { scroll: false });
            }}
            className="rounded-md border border-slate-300 px-2.5 py-1 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {r.label}
          </button>
        ))}
      </div>
      <FilterBar
        label="Filter runs"
        path="/runs"
        filtered={Object.values(filters).some((v) => v !== undefined)}
        fields={[
          {
            kind: 'text',
            name: 'task',
            label: 'Task key or name',
            value: filters.taskKey,
            placeholder: 'any task',
            width: 'w-48',
            suggestions: tasks.map((t) => ({ value: t.key, label: t.name })),
            onTyping: setTyped,
          },
          { kind: 'select', name: 'trigger', label: 'Trigger', value: filters.trigger, options: TRIGGER_OPTIONS, width: 'w-32' },
          { kind: 'datetime', name: 'from', label: 'Queued from (UTC)', value: filters.from },
          { kind: 'datetime', name: 'to', label: 'until (UTC)', value: filters.to },
        ]}
        // The form's names are the URL's, so the typed values go through the URL's own check (the dates come as UTC ISO text).
        toSearch={(values) =>
          paramsFromFilters({ ...filtersFromParams({ ...values, task: taskKeyFor(values.task ?? '', tasks) }), status: filters.status })
        }
      />
    </>
  );
}
