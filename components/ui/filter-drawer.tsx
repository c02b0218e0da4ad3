'use client';

import { useId, useState, type ReactNode } from 'react';
import { DisclosureButton } from './disclosure-button';

/**
 * The filters of a page behind a disclosure on a phone: below `sm` a
 * "Filters" button (aria-expanded, with how many are set) shows or hides them,
 * so the list starts near the top of the screen; from `sm` the button is gone
 * and the filters sit inline in their form (`display: contents`), as before.
 */
export function FilterDrawer({ active, children }: { active: number; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <DisclosureButton
        open={open}
        onToggle={() => setOpen((o) => !o)}
        controls={id}
        icon={<path d="M3 5h14M6 10h8M9 15h2" />}
        className="border-slate-300 bg-white px-3 text-sm sm:hidden dark:border-slate-600 dark:bg-slate-900"
      >
        Filters
        {active > 0 && ' '}
        {active > 0 && (
          <span className="rounded-full bg-indigo-600 px-1.5 text-xs text-white tabular-nums">
            {active}
            <span className="sr-only"> set</span>
          </span>
        )}
      </DisclosureButton>
      <div id={id} className={`${open ? 'flex' : 'hidden'} w-full flex-wrap items-end gap-3 sm:contents`}>
        {children}
      </div>
    </>
  );
}
