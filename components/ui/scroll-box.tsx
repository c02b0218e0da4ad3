'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A box whose content may be wider than the screen (a table on a phone): it
 * scrolls sideways inside itself, and while it does it is a labelled region
 * that takes keyboard focus, so arrow keys can scroll it (axe's
 * scrollable-region-focusable). A box that fits adds no tab stop.
 */
export function ScrollBox({ label, className, children }: { label: string; className: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflowing, setOverflowing] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setOverflowing(box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className={className}
      {...(overflowing ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}
    >
      {children}
    </div>
  );
}
