import type { TaskStatus } from '@/server/tasks/constants';
import type { TaskView } from '@/server/tasks/task-view';
import { TaskCard } from './task-card';

interface Props {
  status: TaskStatus;
  title: string;
  /** Undefined while loading. */
  tasks: TaskView[] | undefined;
}

export function BoardColumn({ status, title, tasks }: Props) {
  const headingId = `column-${status}`;
  return (
    <section
      aria-labelledby={headingId}
      className="flex min-h-[60vh] flex-col rounded-xl border border-slate-200 bg-slate-100/70 dark:border-slate-800 dark:bg-slate-900/60"
    >
      <header className="flex items-center justify-between px-3 pb-2 pt-3">
        <h2 id={headingId} className="text-sm font-semibold text-slate-700 dark:text-slate-200">
          {title}
        </h2>
        <span className="rounded-full bg-white px-2 py-0.5 text-xs font-medium tabular-nums text-slate-600 shadow-sm dark:bg-slate-800 dark:text-slate-300">
          <span className="sr-only">Cards: </span>
          {tasks?.length ?? '–'}
        </span>
      </header>
      <ol className="flex flex-1 flex-col gap-2 px-2 pb-3">
        {tasks === undefined
          ? [0, 1].map((i) => (
              <li key={i} aria-hidden className="h-28 animate-pulse rounded-lg bg-white/70 dark:bg-slate-800/60" />
            ))
          : tasks.map((task) => (
              <li key={task.id}>
                <TaskCard task={task} />
              </li>
            ))}
        {tasks?.length === 0 && (
          <li className="rounded-lg border border-dashed border-slate-300 px-3 py-6 text-center text-xs text-slate-500 dark:border-slate-700 dark:text-slate-400">
            No tasks
          </li>
        )}
      </ol>
    </section>
  );
}
