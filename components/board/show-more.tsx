'use client';

import { useEffect, useRef } from 'react';
import { CARDS_SHOWN } from './first-cards';

/** How far below the screen the end of a column starts rendering the next cards. */
const AHEAD = '0px 0px 600px 0px';

/**
 * The end of a column with cards not rendered yet: a "Show N more" button (keyboard, screen
 * readers) that also shows them by itself when it scrolls near the screen (IntersectionObserver),
 * unless `auto` is off (while a card is dragged). Observed again after each step, so a tall
 * screen keeps filling until the button is out of reach.
 */
export function ShowMore({ more, label, shown, auto, onShowMore }: { more: number; label: string; shown: number; auto: boolean; onShowMore: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  const latest = useRef(onShowMore);
  useEffect(() => {
    latest.current = onShowMore;
  });
  useEffect(() => {
    const button = ref.current;
    if (!auto || !button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          latest.current();
        }
      },
      { rootMargin: AHEAD },
    );
    observer.observe(button);
    return () => observer.disconnect();
  }, [auto, shown]);
  return (
    <button
      ref={ref}
      type="button"
      onClick={onShowMore}
      className="mx-2 mb-2 rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-xs font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
    >
      Show {Math.min(more, CARDS_SHOWN)} more <span className="text-slate-600 dark:text-slate-400">({more} not shown)</span>
      <span className="sr-only"> in {label}</span>
    </button>
  );
}
