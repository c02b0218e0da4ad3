'use client';

import { useEffect, useState, type RefObject } from 'react';
import { STATUS_TITLES, TASK_STATUSES, type TaskStatus } from '@/server/tasks/constants';

/** The first lane's column of `status` inside the board's scroller (BoardColumn sets data-column). */
function columnIn(scroller: HTMLElement, status: TaskStatus): HTMLElement | null {
  return scroller.querySelector<HTMLElement>(`[data-column="${status}"]`);
}

/** Which column the snap scroller shows now: the one whose left edge is nearest the scroller's. */
function useShownColumn(scrollerRef: RefObject<HTMLElement | null>): TaskStatus {
  const [shown, setShown] = useState<TaskStatus>(TASK_STATUSES[0]);
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const update = () => {
      const left = scroller.getBoundingClientRect().left;
      let best: { status: TaskStatus; distance: number } | null = null;
      for (const status of TASK_STATUSES) {
        const column = columnIn(scroller, status);
        if (!column) continue;
        const distance = Math.abs(column.getBoundingClientRect().left - left);
        if (!best || distance < best.distance) best = { status, distance };
      }
      if (best) setShown(best.status);
    };
    update();
    scroller.addEventListener('scroll', update, { passive: true });
    return () => scroller.removeEventListener('scroll', update);
  }, [scrollerRef]);
  return shown;
}

/**
 * On a phone the board shows one column per screen (a horizontal snap
 * scroller); these buttons above it, one per column with its count, jump to a
 * column with one tap and say which one is in view (aria-current). Hidden from
 * `sm` up, where the columns sit side by side.
 */
export function ColumnTabs({
  scrollerRef,
  counts,
}: {
  scrollerRef: RefObject<HTMLElement | null>;
  counts: Partial<Record<TaskStatus, number>>;
}) {
  const shown = useShownColumn(scrollerRef);
  const show = (status: TaskStatus) => {
    const scroller = scrollerRef.current;
    const column = scroller && columnIn(scroller, status);
    if (!scroller || !column) return;
    scroller.scrollTo({ left: scroller.scrollLeft + column.getBoundingClientRect().left - scroller.getBoundingClientRect().left, behavior: 'smooth' });
  };
  return (
    <nav aria-label="Board columns" className="-mx-1 mb-2 overflow-x-auto px-1 pb-1 sm:hidden">
      <ul className="flex gap-1.5">
        {TASK_STATUSES.map((status) => {
          const current = status === shown;
          return (
            <li key={status} className="shrink-0">
              <button
                type="button"
                aria-current={current ? 'true' : undefined}
                onClick={() => show(status)}
                className={`inline-flex h-10 items-center gap-1.5 rounded-full border px-3 text-sm font-medium ${
                  current
                    ? 'border-indigo-600 bg-indigo-600 text-white dark:border-indigo-400 dark:bg-indigo-400 dark:text-slate-950'
                    : 'border-slate-300 bg-white text-slate-700 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-200'
                }`}
              >
                {STATUS_TITLES[status]}
                <span className="tabular-nums opacity-80">{counts[status] ?? 0}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
