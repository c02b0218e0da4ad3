'use client';

import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { TaskStatus } from '@/server/tasks/constants';
import type { Card } from './card';
import { QuickAdd } from './quick-add';
import { ShowMore } from './show-more';
import { SortableTaskCard, type CardActivity } from './task-card';
import { WipLimit } from './wip-limit';

interface Props {
  /** The droppable container id (lane + status). */
  id: string;
  status: TaskStatus;
  title: string;
  /** Region name: the column title, or "Todo, Priority: high" inside a swimlane. */
  label: string;
  /** The cards shown (the first ones; see CARDS_SHOWN in first-cards.ts). */
  tasks: Card[];
  /** Cards of the column not shown yet. */
  more: number;
  onShowMore: () => void;
  /** Show more cards by itself when the column's end scrolls near (not while a card is dragged). */
  autoShowMore: boolean;
  /** A card was quick-added to the column. */
  onAdded: () => void;
  activityOf: (key: string) => CardActivity;
  canOperate: boolean;
  /** Column header with count, WIP limit and quick add (the first lane only, with swimlanes). */
  header?: { count: number; wipLimit: number | null; filtered: boolean };
  /** A drag is over this column. */
  highlighted: boolean;
  /** The first lane's column: what the phone's column tabs scroll to (data-column). */
  anchor?: boolean;
}

export function BoardColumn({
  id,
  status,
  title,
  label,
  tasks,
  more,
  onShowMore,
  autoShowMore,
  onAdded,
  activityOf,
  canOperate,
  header,
  highlighted,
  anchor = false,
}: Props) {
  const { setNodeRef } = useDroppable({ id });
  const headingId = `column-${id.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const over = header?.wipLimit != null && header.count > header.wipLimit;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-column={anchor ? status : undefined}
      className={`flex min-w-0 snap-start flex-col rounded-xl border transition-colors ${
        highlighted
          ? 'border-indigo-400 bg-indigo-50/70 dark:border-indigo-500 dark:bg-indigo-950/40'
          : over
            ? 'border-amber-400 bg-amber-50/60 dark:border-amber-600 dark:bg-amber-950/30'
            : 'border-slate-200 bg-slate-100/70 dark:border-slate-800 dark:bg-slate-900/60'
      }`}
    >
      <header className="flex min-h-11 flex-wrap items-center gap-x-2 gap-y-1 px-3 pb-2 pt-3">
        <h2 id={headingId} className="text-sm font-semibold text-slate-700 dark:text-slate-200">
          {label === title ? title : <span className="sr-only">{label}</span>}
          {label !== title && <span aria-hidden>{title}</span>}
        </h2>
        {header && (
          <>
            <span
              className={`rounded-full px-2 py-0.5 text-xs font-medium tabular-nums shadow-sm ${
                over
                  ? 'bg-amber-200 text-amber-950 dark:bg-amber-800 dark:text-amber-50'
                  : 'bg-white text-slate-700 dark:bg-slate-800 dark:text-slate-200'
              }`}
              title={header.wipLimit != null ? `${header.count} cards, WIP limit ${header.wipLimit}` : `${header.count} cards`}
            >
              <span className="sr-only">Cards: </span>
              {header.count}
              {header.wipLimit != null && (
                <>
                  {' / '}
                  {header.wipLimit}
                  <span className="sr-only"> (WIP limit)</span>
                </>
              )}
            </span>
            {over && <span className="text-xs font-semibold text-amber-900 dark:text-amber-200">Over WIP limit</span>}
            <div className="ml-auto">
              <WipLimit status={status} title={title} wipLimit={header.wipLimit} canOperate={canOperate} />
            </div>
          </>
        )}
      </header>
      <SortableContext id={id} items={tasks.map((t) => t.key)} strategy={verticalListSortingStrategy}>
        <ol className="flex min-h-24 flex-1 flex-col gap-2 px-2 pb-2">
          {tasks.map((task) => (
            <SortableTaskCard key={task.key} task={task} activity={activityOf(task.key)} canOperate={canOperate} />
          ))}
          {tasks.length === 0 && (
            <li className="rounded-lg border border-dashed border-slate-300 px-3 py-6 text-center text-xs text-slate-600 dark:border-slate-700 dark:text-slate-400">
              {header?.filtered ? 'No matching tasks' : 'No tasks'}
            </li>
          )}
        </ol>
      </SortableContext>
      {more > 0 && <ShowMore more={more} label={label} shown={tasks.length} auto={autoShowMore} onShowMore={onShowMore} />}
      {header && <QuickAdd status={status} title={title} canOperate={canOperate} onAdded={onAdded} />}
    </section>
  );
}

/** Placeholder column while the board loads: same frame and height as a real one, so nothing shifts. */
export function BoardColumnSkeleton({ title }: { title: string }) {
  return (
    <section
      aria-label={title}
      aria-busy
      className="flex min-w-0 flex-col rounded-xl border border-slate-200 bg-slate-100/70 dark:border-slate-800 dark:bg-slate-900/60"
    >
      <header className="flex min-h-11 items-center px-3 pb-2 pt-3">
        <h2 className="text-sm font-semibold text-slate-700 dark:text-slate-200">{title}</h2>
      </header>
      <ol className="flex min-h-24 flex-1 flex-col gap-2 px-2 pb-2">
        {[0, 1].map((i) => (
          <li key={i} aria-hidden className="h-32 animate-pulse rounded-lg bg-white/70 dark:bg-slate-800/60" />
        ))}
      </ol>
    </section>
  );
}
