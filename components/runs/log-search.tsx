'use client';

import { useId, type KeyboardEvent } from 'react';

const small =
  'h-8 rounded-md border border-slate-300 px-2 text-sm font-medium hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';

/** Search within the log: Enter for the next match, Shift+Enter for the previous one. */
export function LogSearch({
  query,
  onQuery,
  count,
  current,
  onStep,
}: {
  query: string;
  onQuery: (q: string) => void;
  count: number;
  /** Index of the current match, -1 when none. */
  current: number;
  onStep: (delta: 1 | -1) => void;
}) {
  const id = useId();
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onStep(event.shiftKey ? -1 : 1);
    }
    if (event.key === 'Escape') onQuery('');
  };
  return (
    <div role="search" aria-label="Search the log" className="flex flex-wrap items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Search the log
      </label>
      <input
        id={id}
        type="search"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder="Search the log"
        className="h-8 w-44 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      />
      <span aria-live="polite" className="min-w-16 text-xs text-slate-600 dark:text-slate-300" data-match-count>
        {query ? (count === 0 ? 'no matches' : `${current + 1} of ${count}`) : ''}
      </span>
      <button type="button" className={small} disabled={count === 0} onClick={() => onStep(-1)} aria-label="Previous match">
        ↑
      </button>
      <button type="button" className={small} disabled={count === 0} onClick={() => onStep(1)} aria-label="Next match">
        ↓
      </button>
    </div>
  );
}
