'use client';

import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import Link from 'next/link';
import { memo } from 'react';
import { RunStrip } from './run-strip';
import { PriorityBadge, RunStatusBadge } from '@/components/ui/badges';
import { ChainIcon } from '@/components/ui/chain-icon';
import { Elapsed } from '@/components/ui/elapsed';
import { RelativeTime } from '@/components/ui/relative-time';
import { isStoppedColumn } from '@/server/tasks/constants';
import type { Card } from './card';
import { ONE_TIME_SPENT_TEXT } from '@/server/tasks/constants';

export interface CardActivity {
  /** When the task's running run started (null: running, start time not yet written). */
  runningSince?: Date | null;
  /** The running run, for the Running badge's link to its live log. */
  runningRunId?: number | null;
  running: boolean;
  queued: number;
  /** Open alert incidents (a red badge). */
  alerts?: number;
}

interface CardProps {
  task: Card;
  activity: CardActivity;
}

const NEEDS_OPERATOR = 'Needs the operator role';

/**
 * A card in a column: sortable by mouse/touch anywhere on it, by keyboard from its grip button.
 * Memoized on what it shows: a drag step re-renders the board (its lists change), and a card
 * whose task, activity and role are the same then re-renders only when dnd-kit's own context says
 * so (its place, the drag's over target), not a second time from its parent.
 */
export const SortableTaskCard = memo(function SortableTaskCard({ task, activity, canOperate }: CardProps & { canOperate: boolean }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: task.key,
    disabled: !canOperate,
  });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={isDragging ? 'opacity-40' : undefined}
      {...listeners}
    >
      <TaskCardBody
        task={task}
        activity={activity}
        handle={
          <button
            ref={setActivatorNodeRef}
            type="button"
            data-card-handle={task.key}
            {...attributes}
            aria-label={`Move “${task.name}”`}
            title={canOperate ? `Move “${task.name}” (Space or Enter to pick up, arrows to move)` : NEEDS_OPERATOR}
            disabled={!canOperate}
            className="-m-1 grid h-7 w-7 shrink-0 cursor-grab touch-none place-items-center rounded text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:opacity-50 dark:text-slate-400 dark:hover:bg-slate-700 dark:hover:text-slate-100"
          >
            <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
              <circle cx="7" cy="5" r="1.5" />
              <circle cx="13" cy="5" r="1.5" />
              <circle cx="7" cy="10" r="1.5" />
              <circle cx="13" cy="10" r="1.5" />
              <circle cx="7" cy="15" r="1.5" />
              <circle cx="13" cy="15" r="1.5" />
            </svg>
          </button>
        }
      />
    </li>
  );
}, (a, b) => a.task === b.task && a.canOperate === b.canOperate && sameActivity(a.activity, b.activity));

/** The card under the pointer while dragging: a look-alike without ids or links, hidden from assistive tech. */
export function TaskCardOverlay({ task, activity }: CardProps) {
  return (
    <div aria-hidden className="rotate-1 cursor-grabbing shadow-xl">
      <TaskCardBody task={task} activity={activity} overlay />
    </div>
  );
}

function TaskCardBody({ task, activity, handle, overlay }: CardProps & { handle?: React.ReactNode; overlay?: boolean }) {
  const titleId = overlay ? undefined : `task-${task.key}-title`;
  return (
    <article
      aria-labelledby={titleId}
      data-failing={task.failingSince ? true : undefined}
      className={`rounded-lg border bg-white p-3 shadow-sm dark:bg-slate-800 ${
        task.failingSince
          ? 'border-red-300 border-l-4 border-l-red-600 dark:border-red-800 dark:border-l-red-500'
          : activity.running
            ? 'border-indigo-400 dark:border-indigo-500'
            : 'border-slate-200 dark:border-slate-700'
      }`}
    >
      <div className="flex items-start gap-2">
        {handle}
        <CardContent task={task} activity={activity} overlay={overlay} titleId={titleId} />
      </div>
      {task.failingSince ? <FailureNote task={task} /> : null}
      <CardDetails task={task} activity={activity} />
      {overlay ? null : <RunStrip encoded={task.runs} taskName={task.name} />}
    </article>
  );
}

/** Same card content? Field by field (a poll brings new objects, and new Dates, for unchanged tasks). */
function sameContent(a: ContentProps, b: ContentProps): boolean {
  if (a.overlay !== b.overlay || a.titleId !== b.titleId) return false;
  if (!sameActivity(a.activity, b.activity)) return false;
  if (a.task === b.task) return true;
  for (const key of Object.keys(a.task) as (keyof Card)[]) {
    const u = a.task[key];
    const v = b.task[key];
    if (u === v) continue;
    if (u instanceof Date || v instanceof Date) {
      if (time(u as Date | null) !== time(v as Date | null)) return false;
    } else if (key === 'labels') {
      if (JSON.stringify(u) !== JSON.stringify(v)) return false;
    } else return false;
  }
  return true;
}
const time = (d: Date | null | undefined) => (d instanceof Date ? d.getTime() : d);
const sameActivity = (x: CardActivity, y: CardActivity) =>
  x.running === y.running && x.queued === y.queued && x.alerts === y.alerts && x.runningRunId === y.runningRunId && time(x.runningSince) === time(y.runningSince);

interface ContentProps extends CardProps {
  overlay?: boolean;
  titleId?: string;
}

// Memoized: a drag or a poll re-renders the board, and with it every card's sortable wrapper
// (dnd-kit context), but the card content only when what it shows changed.
const CardContent = memo(function CardContent({ task, overlay, titleId }: ContentProps) {
  return (
    <>
      <h3
        id={titleId}
        className="min-w-0 flex-1 break-words text-sm font-semibold leading-snug text-slate-900 dark:text-slate-50"
      >
        {overlay ? (
          task.name
        ) : (
          <Link
            href={`/tasks/${encodeURIComponent(task.key)}`}
            draggable={false}
            prefetch={false}
            className="rounded hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500"
          >
            {task.name}
          </Link>
        )}
      </h3>
      <PriorityBadge priority={task.priority} />
    </>
  );
}, sameContent);

/** A failing card: an icon (not colour alone), since when, and the first line of the error. */
function FailureNote({ task }: { task: Card }) {
  return (
    <div className="mt-2 rounded bg-red-50 px-2 py-1 text-xs text-red-900 dark:bg-red-950 dark:text-red-100" data-testid="card-failure">
      <p className="flex items-center gap-1 font-semibold">
        <svg aria-hidden viewBox="0 0 20 20" className="h-3.5 w-3.5 shrink-0" fill="currentColor">
          <path d="M10 1.5 19 18H1L10 1.5Zm-1 6v5h2v-5H9Zm0 6.5v2h2v-2H9Z" />
        </svg>
        Failing since {task.failingSince ? <RelativeTime date={task.failingSince} /> : 'recently'}
      </p>
      {task.failure ? <p className="mt-0.5 truncate font-mono" title={task.failure}>{task.failure}</p> : null}
    </div>
  );
}

const CardDetails = memo(function CardDetails({ task, activity }: ContentProps) {
  const stopped = isStoppedColumn(task.status);
  return (
    <>
      <div className="mt-1 flex items-center gap-1">
        <p className="min-w-0 truncate font-mono text-[11px] text-slate-600 dark:text-slate-400">{task.key}</p>
        {task.chain ? (
          <span role="img" aria-label={task.chain} title={task.chain} data-testid="card-chain" className="shrink-0 text-indigo-700 dark:text-indigo-300">
            <ChainIcon className="h-3.5 w-3.5" />
          </span>
        ) : null}
      </div>
      <p className="mt-2 text-xs text-slate-700 dark:text-slate-300">{task.scheduleDescription}</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1 text-xs">
        <dt className="text-slate-600 dark:text-slate-400">Next</dt>
        <dd className="text-slate-800 dark:text-slate-200" data-testid="next-run">
          {task.paused ? (
            'Paused'
          ) : task.nextRunAt ? (
            <RelativeTime date={task.nextRunAt} />
          ) : stopped ? (
            'None (schedule stopped)'
          ) : task.spent ? (
            ONE_TIME_SPENT_TEXT
          ) : (
            'None'
          )}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Last</dt>
        <dd className="flex flex-wrap items-center gap-1">
          {task.lastRunStatus ? (
            <RunStatusBadge status={task.lastRunStatus} />
          ) : (
            <span className="text-slate-600 dark:text-slate-400">never run</span>
          )}
          {activity.running && (
            <Link
              href={activity.runningRunId ? `/runs/${activity.runningRunId}` : `/tasks/${encodeURIComponent(task.key)}`}
              prefetch={false}
              draggable={false}
              title="Open the live log"
              className="inline-flex items-center gap-1 rounded bg-indigo-100 px-1.5 py-0.5 text-[11px] font-medium text-indigo-900 hover:underline dark:bg-indigo-950 dark:text-indigo-200"
            >
              <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-indigo-600 dark:bg-indigo-300" />
              Running
              {activity.runningSince ? (
                <>
                  {' '}
                  · <Elapsed since={activity.runningSince} />
                </>
              ) : null}
            </Link>
          )}
          {activity.queued > 0 && (
            <span className="rounded bg-violet-100 px-1.5 py-0.5 text-[11px] font-medium text-violet-900 dark:bg-violet-950 dark:text-violet-200">
              {activity.queued === 1 ? 'Queued' : `${activity.queued} queued`}
            </span>
          )}
          {(activity.alerts ?? 0) > 0 && (
            <Link
              href="/alerts"
              prefetch={false}
              draggable={false}
              data-testid="card-alert"
              title="An alert incident is open: see Alerts"
              className="inline-flex items-center gap-1 rounded bg-red-600 px-1.5 py-0.5 text-[11px] font-semibold text-white hover:underline dark:bg-red-700"
            >
              <span aria-hidden>!</span> {activity.alerts === 1 ? 'Alert' : `${activity.alerts} alerts`}
            </Link>
          )}
        </dd>
      </dl>
      {(task.labels.length > 0 || task.assignee || task.managedIn) && (
        <div className="mt-2 flex flex-wrap items-center gap-1">
          {task.managedIn && (
            <span
              title={`Managed in ${task.managedIn}`}
              className="rounded bg-sky-100 px-1.5 py-0.5 text-[11px] text-sky-900 dark:bg-sky-950 dark:text-sky-200"
            >
              <span className="sr-only">Managed in </span>
              <span aria-hidden>⎘ </span>
              {task.managedIn.split('/').slice(-2).join('/')}
            </span>
          )}
          {task.labels.map((label) => (
            <span
              key={label.name}
              className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-700 dark:bg-slate-700 dark:text-slate-200"
            >
              <span className="sr-only">Label: </span>
              {label.name}
            </span>
          ))}
          {task.assignee && (
            <span className="ml-auto text-[11px] text-slate-600 dark:text-slate-400">
              <span className="sr-only">Assignee: </span>@{task.assignee}
            </span>
          )}
        </div>
      )}
    </>
  );
}, sameContent);
