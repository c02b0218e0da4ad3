'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';

// Where this tab was before the current page (path and query), so a page's
// "Back" link returns to the filtered list, the activity feed or the task it
// came from rather than to a fixed page. sessionStorage: per tab, gone with it.
const KEY = 'cronboard-route';

interface Memory {
  current: string;
  previous: string | null;
}

function read(): Memory | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Memory | null;
  } catch {
    return null;
  }
}

/** The page this tab showed before `here`, if it came from another page of the app. */
export function previousRoute(here: string): string | null {
  const memory = read();
  return memory && memory.current === here && memory.previous !== here ? memory.previous : null;
}

/** Records each page the tab shows (rendered once, in the header). */
export function RouteMemory() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  useEffect(() => {
    const url = search ? `${pathname}?${search}` : pathname;
    const memory = read();
    if (memory?.current === url) return;
    // Only the path matters for "the same page": a filter change is not a place to go back to.
    const samePage = memory?.current.split('?')[0] === pathname;
    const next: Memory = { current: url, previous: samePage ? (memory?.previous ?? null) : (memory?.current ?? null) };
    sessionStorage.setItem(KEY, JSON.stringify(next));
  }, [pathname, search]);
  return null;
}
