'use client';

import { DndContext, DragOverlay } from '@dnd-kit/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useRef, useState } from 'react';
import { usePermission } from '@/components/auth/use-permission';
import { useTRPC } from '@/components/trpc/client';
import { fallbackPollMs, useEventStream } from '@/components/trpc/use-event-stream';
import { STATUS_TITLES, TASK_STATUSES, type TaskStatus } from '@/server/tasks/constants';
import { BoardColumn, BoardColumnSkeleton } from './board-column';
import { boardModel } from './board-model';
import { BoardToolbar } from './board-toolbar';
import { CancelRunningDialog } from './cancel-running-dialog';
import { ColumnTabs } from './column-tabs';
import {
  containerId,
  filtersToSearch,
  isFiltered,
  laneOfContainer,
  parseFilters,
  statusOfContainer,
  type BoardFilters,
} from './filters';
import { TaskCardOverlay } from './task-card';
import { CARDS_SHOWN, firstCardsInput } from './first-cards';
import { useBoardDrag } from './use-board-drag';

/** The poll while the events stream is down (it refetches on task, run and board events otherwise). */
const FALLBACK_POLL_MS = 3_000;
const GRID = 'grid auto-cols-[85vw] grid-flow-col gap-3 sm:auto-cols-[minmax(220px,1fr)]';
/** Below `sm`: one column per screen, snapping (not while a card is dragged: the drag scrolls the board itself). */
const SNAP = 'max-sm:snap-x max-sm:snap-mandatory';

/**
 * The kanban board: five columns (optionally split into swimlanes), filters in
 * the URL, drag and drop by mouse, touch and keyboard (useBoardDrag), and a
 * refetch on each task, run or board event from the events stream (held back
 * while a drag or a move is in flight) so worker moves show up at once; a 3 s
 * poll while the stream is down.
 */
export function Board() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const canOperate = usePermission('operator');
  const filters = useMemo(() => parseFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const [query, setQuery] = useState<BoardFilters | null>(null); // typed filters ahead of the URL
  const shownFilters = query ?? filters;
  const [limits, setLimits] = useState<Record<string, number>>({}); // per container, after "Show more"
  const limitOf = (container: string) => limits[container] ?? CARDS_SHOWN;
  const scrollerRef = useRef<HTMLDivElement>(null);

  const board = useQuery(trpc.board.get.queryOptions());
  // The page's server render embeds each column's first cards only (app/page.tsx): shown until the whole board is here.
  const firstCards = useQuery({ ...trpc.board.get.queryOptions(firstCardsInput), enabled: false });
  const data = board.data ?? firstCards.data;
  const model = useMemo(() => boardModel(data, shownFilters), [data, shownFilters]);
  const { tasksByKey, activity, visible, lanes } = model;
  const columnName = (container: string | undefined) => {
    if (!container) return 'no column';
    const title = STATUS_TITLES[statusOfContainer(container)];
    if (shownFilters.lanes === 'none') return title;
    return `${title}, ${lanes.find((l) => l.id === laneOfContainer(container))?.title ?? ''}`;
  };
  const drag = useBoardDrag({ baseItems: model.items, tasksByKey, activity, shownIn: limitOf, columnName });
  const queryClient = useQueryClient();
  const live = useEventStream({
    types: ['task', 'run', 'board', 'alert'],
    paused: drag.frozen,
    onChange: () => void queryClient.invalidateQueries({ queryKey: trpc.board.get.queryKey() }),
  });
  // The fallback poll: a second observer of the same query, so it can wait for the drag that needs the data.
  useQuery({
    ...trpc.board.get.queryOptions(),
    refetchInterval: drag.frozen ? false : fallbackPollMs(live, FALLBACK_POLL_MS),
    notifyOnChangeProps: [],
  });

  const updateFilters = (next: BoardFilters) => {
    setQuery(next);
    const search = filtersToSearch(next);
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  };

  if (board.isError && !data) {
    return (
      <div
        role="alert"
        className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      >
        The board could not be loaded: {board.error.message}
      </div>
    );
  }

  const { items, activeKey } = drag;
  const activeTask = activeKey ? tasksByKey.get(activeKey) : undefined;
  /** The column's first cards (and the card being dragged, wherever it is), and how many more there are. */
  const shownOf = (container: string) => {
    const keys = items[container] ?? [];
    const shown = keys.slice(0, limitOf(container));
    if (activeKey && shown.length < keys.length && keys.indexOf(activeKey) >= shown.length) shown.push(activeKey);
    return { tasks: shown.flatMap((k) => tasksByKey.get(k) ?? []), more: keys.length - shown.length };
  };
  const showMore = (container: string) => setLimits((l) => ({ ...l, [container]: (l[container] ?? CARDS_SHOWN) + CARDS_SHOWN }));
  // Quick add puts the card at the end of its column: show the whole column so it is in view.
  const showAll = (status: TaskStatus) =>
    setLimits((l) => ({ ...l, ...Object.fromEntries(lanes.map((lane) => [containerId(lane.id, status), Infinity])) }));
  const filtered = isFiltered(shownFilters);
  const swimlanes = shownFilters.lanes !== 'none';

  return (
    <div>
      <BoardToolbar
        filters={shownFilters}
        onChange={updateFilters}
        labels={model.labels}
        assignees={model.assignees}
        shown={visible.length}
        total={data?.columns.reduce((n, c) => n + c.count, 0) ?? 0}
      />
      {!data ? (
        <div className={`${GRID} relative overflow-x-auto pb-4`}>
          {TASK_STATUSES.map((s) => (
            <BoardColumnSkeleton key={s} title={STATUS_TITLES[s]} />
          ))}
        </div>
      ) : (
        <DndContext id="board-dnd" {...drag.dndProps}>
          <ColumnTabs scrollerRef={scrollerRef} counts={Object.fromEntries(data.columns.map((c) => [c.status, c.count]))} />
          <div ref={scrollerRef} className={`relative overflow-x-auto pb-4 ${activeKey ? '' : SNAP}`}>
            {lanes.map((lane, laneIndex) => (
              <div key={lane.id} className={swimlanes ? 'mb-4' : undefined}>
                {swimlanes && (
                  <h2 className="mb-2 text-sm font-semibold capitalize text-slate-800 dark:text-slate-100">{lane.title}</h2>
                )}
                <div className={GRID}>
                  {TASK_STATUSES.map((status) => {
                    const column = data.columns.find((c) => c.status === status);
                    const id = containerId(lane.id, status);
                    const shown = shownOf(id);
                    return (
                      <BoardColumn
                        key={id}
                        id={id}
                        status={status}
                        title={STATUS_TITLES[status]}
                        label={swimlanes ? `${STATUS_TITLES[status]}, ${lane.title}` : STATUS_TITLES[status]}
                        tasks={shown.tasks}
                        more={shown.more}
                        onShowMore={() => showMore(id)}
                        autoShowMore={activeKey === null}
                        onAdded={() => showAll(status)}
                        activityOf={activity}
                        canOperate={canOperate}
                        highlighted={drag.overContainer === id && activeKey !== null}
                        anchor={laneIndex === 0}
                        header={
                          laneIndex === 0
                            ? { count: column?.count ?? 0, wipLimit: column?.wipLimit ?? null, filtered }
                            : undefined
                        }
                      />
                    );
                  })}
                </div>
              </div>
            ))}
            {lanes.length === 0 && (
              <p className="py-8 text-center text-sm text-slate-600 dark:text-slate-400">No tasks match these filters.</p>
            )}
          </div>
          <DragOverlay>
            {activeTask ? <TaskCardOverlay task={activeTask} activity={activity(activeTask.key)} /> : null}
          </DragOverlay>
        </DndContext>
      )}
      {drag.dialog && (
        <CancelRunningDialog
          taskName={drag.dialog.taskName}
          column={STATUS_TITLES[drag.dialog.toStatus]}
          onKeepRunning={drag.dialog.keepRunning}
          onCancelRunning={drag.dialog.cancelRunning}
          onAbort={drag.dialog.abort}
        />
      )}
    </div>
  );
}
