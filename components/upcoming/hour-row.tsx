'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { TimelineHour } from '@/server/tasks/list-timeline';
import { HERD_SIZE } from '@/server/tasks/timeline-schemas';
import { PriorityBadge } from '@/components/ui/badges';

const SHOWN = 12;
const link = 'text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';
const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

export const hhmm = (d: Date) => d.toISOString().slice(11, 16);
export const hourLabel = (d: Date) => `${day.format(d)}, ${hhmm(d)} UTC`;

/** One hour of the timeline: how many runs (a bar scaled to the busiest hour), the herd if any, and each task's fires. */
export function HourRow({ hour, max }: { hour: TimelineHour; max: number }) {
  const [all, setAll] = useState(false);
  const herd = hour.peak && hour.peak.count >= HERD_SIZE ? hour.peak : null;
  const tasks = all ? hour.tasks : hour.tasks.slice(0, SHOWN);
  return (
    <li className={`px-4 py-3 ${herd ? 'border-l-4 border-l-amber-500 bg-amber-50 dark:bg-amber-950/30' : ''}`} data-hour={hour.start.toISOString()}>
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 className="text-sm font-semibold">
          <time dateTime={hour.start.toISOString()}>{hourLabel(hour.start)}</time>
        </h3>
        <span className="text-sm text-slate-700 dark:text-slate-200">
          {hour.total} {hour.total === 1 ? 'run' : 'runs'}
        </span>
        {herd && (
          <span className="rounded bg-amber-200 px-1.5 py-0.5 text-xs font-medium text-amber-950 dark:bg-amber-800 dark:text-amber-50">
            {herd.count} at once at {hhmm(herd.at)}
          </span>
        )}
      </div>
      <div aria-hidden="true" className="mt-1 h-1.5 rounded bg-slate-100 dark:bg-slate-800">
        <div className="h-1.5 rounded bg-indigo-500" style={{ width: `${Math.max(2, Math.round((hour.total / max) * 100))}%` }} />
      </div>
      <ul className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2 xl:grid-cols-3">
        {tasks.map((f) => (
          <li key={f.taskKey} className="flex min-w-0 items-baseline gap-2">
            <time dateTime={f.first.toISOString()} className="shrink-0 font-mono text-xs text-slate-600 dark:text-slate-300">
              {hhmm(f.first)}
            </time>
            <Link href={`/tasks/${encodeURIComponent(f.taskKey)}`} prefetch={false} className={`min-w-0 truncate ${link}`}>
              {f.taskName}
            </Link>
            {f.count > 1 && <span className="shrink-0 text-xs text-slate-600 dark:text-slate-300">×{f.count}</span>}
            {f.overdue && <span className="shrink-0 text-xs font-medium text-amber-800 dark:text-amber-300">due now</span>}
            {f.priority !== 'medium' && <PriorityBadge priority={f.priority} />}
          </li>
        ))}
      </ul>
      {hour.tasks.length > SHOWN && (
        <button type="button" onClick={() => setAll((a) => !a)} className={`mt-1 text-sm ${link}`} aria-expanded={all}>
          {all ? 'Show fewer' : `Show all ${hour.tasks.length} tasks of this hour`}
        </button>
      )}
    </li>
  );
}
