import type { Priority } from '@/server/tasks/constants';

const PRIORITY_STYLES: Record<Priority, string> = {
  urgent: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
  high: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  medium: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  low: 'bg-slate-100 text-slate-700 dark:bg-slate-700 dark:text-slate-200',
};

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <span className={`shrink-0 rounded px-1.5 py-0.5 text-[11px] font-medium capitalize ${PRIORITY_STYLES[priority]}`}>
      <span className="sr-only">Priority: </span>
      {priority}
    </span>
  );
}

const RUN_STYLES: Record<string, string> = {
  succeeded: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  failed: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
  timed_out: 'bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-200',
  cancelled: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200',
  skipped: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200',
  running: 'bg-indigo-100 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-200',
  queued: 'bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-200',
};

export function RunStatusBadge({ status }: { status: string }) {
  return (
    <span className={`rounded px-1.5 py-0.5 text-[11px] font-medium ${RUN_STYLES[status] ?? RUN_STYLES.skipped}`}>
      {status.replace('_', ' ')}
    </span>
  );
}
