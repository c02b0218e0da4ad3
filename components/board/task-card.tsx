import type { TaskView } from '@/server/tasks/task-view';
import { PriorityBadge, RunStatusBadge } from '@/components/ui/badges';
import { RelativeTime } from '@/components/ui/relative-time';

export function TaskCard({ task }: { task: TaskView }) {
  const titleId = `task-${task.id}-title`;
  return (
    <article
      aria-labelledby={titleId}
      className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-800"
    >
      <div className="flex items-start justify-between gap-2">
        <h3 id={titleId} className="text-sm font-semibold leading-snug text-slate-900 dark:text-slate-50">
          {task.name}
        </h3>
        <PriorityBadge priority={task.priority} />
      </div>
      <p className="mt-1 font-mono text-[11px] text-slate-500 dark:text-slate-400">{task.key}</p>
      <p className="mt-2 text-xs text-slate-700 dark:text-slate-300">{task.scheduleDescription}</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-2 gap-y-1 text-xs">
        <dt className="text-slate-500 dark:text-slate-400">Next</dt>
        <dd className="text-slate-800 dark:text-slate-200">
          {task.paused ? 'Paused' : task.nextRunAt ? <RelativeTime date={task.nextRunAt} /> : '—'}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Last</dt>
        <dd>{task.lastRunStatus ? <RunStatusBadge status={task.lastRunStatus} /> : <span className="text-slate-500 dark:text-slate-400">never run</span>}</dd>
      </dl>
      {(task.labels.length > 0 || task.assignee) && (
        <div className="mt-2 flex flex-wrap items-center gap-1">
          {task.labels.map((label) => (
            <span
              key={label.name}
              className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-700 dark:bg-slate-700 dark:text-slate-200"
            >
              {label.name}
            </span>
          ))}
          {task.assignee && (
            <span className="ml-auto text-[11px] text-slate-500 dark:text-slate-400">
              <span className="sr-only">Assignee: </span>@{task.assignee}
            </span>
          )}
        </div>
      )}
    </article>
  );
}
