'use client';

import { useId, type ReactNode } from 'react';
import { FilterDrawer } from '@/components/ui/filter-drawer';
import { PRIORITIES } from '@/server/tasks/constants';
import { LAST_STATUS_OPTIONS, UNASSIGNED, isFiltered, type BoardFilters, type LaneKind } from './filters';

const controlClass =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';

interface Props {
  filters: BoardFilters;
  onChange: (next: BoardFilters) => void;
  labels: string[];
  assignees: string[];
  shown: number;
  total: number;
}

const LANE_OPTIONS: { value: LaneKind; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'priority', label: 'By priority' },
  { value: 'label', label: 'By label' },
  { value: 'assignee', label: 'By assignee' },
];

function Labelled({
  id,
  label,
  className = '',
  children,
}: {
  id: string;
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`flex flex-col gap-0.5 ${className}`}>
      <label htmlFor={id} className="text-xs font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      {children}
    </div>
  );
}

/** Search, filters and swimlanes; the board keeps them in the URL. */
export function BoardToolbar({ filters, onChange, labels, assignees, shown, total }: Props) {
  const id = useId();
  const set = <K extends keyof BoardFilters>(key: K, value: BoardFilters[K]) => onChange({ ...filters, [key]: value });
  const select = (
    key: 'priority' | 'label' | 'assignee' | 'last' | 'lanes',
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <Labelled id={`${id}-${key}`} label={label}>
      <select
        id={`${id}-${key}`}
        className={controlClass}
        value={filters[key]}
        onChange={(e) => set(key, e.target.value as never)}
      >
        {key !== 'lanes' && <option value="">Any</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
  return (
    <form
      role="search"
      aria-label="Filter the board"
      className="mb-4 flex flex-wrap items-end gap-3"
      onSubmit={(e) => e.preventDefault()}
    >
      <Labelled id={`${id}-q`} label="Search" className="min-w-48 flex-1 sm:max-w-xs">
        <input
          id={`${id}-q`}
          type="search"
          className={controlClass}
          placeholder="Name, key, command, label…"
          value={filters.q}
          onChange={(e) => set('q', e.target.value)}
        />
      </Labelled>
      <FilterDrawer active={[filters.priority, filters.label, filters.assignee, filters.last].filter(Boolean).length + (filters.lanes === 'none' ? 0 : 1)}>
        {select(
          'priority',
          'Priority',
          [...PRIORITIES].reverse().map((p) => ({ value: p, label: p[0]!.toUpperCase() + p.slice(1) })),
        )}
        {select(
          'label',
          'Label',
          labels.map((l) => ({ value: l, label: l })),
        )}
        {select('assignee', 'Assignee', [
          ...assignees.map((a) => ({ value: a, label: a })),
          { value: UNASSIGNED, label: 'Unassigned' },
        ])}
        {select(
          'last',
          'Last run',
          LAST_STATUS_OPTIONS.map((o) => ({ value: o.value, label: o.label })),
        )}
        {select('lanes', 'Swimlanes', LANE_OPTIONS)}
      </FilterDrawer>
      <p className="pb-2 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
        {isFiltered(filters) ? `Showing ${shown} of ${total} tasks` : `${total} tasks`}
      </p>
      {isFiltered(filters) && (
        <button
          type="button"
          onClick={() => onChange({ q: '', priority: '', label: '', assignee: '', last: '', lanes: filters.lanes })}
          className="mb-0.5 rounded-md px-2 py-1.5 text-sm text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-indigo-950"
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
