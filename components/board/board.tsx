'use client';

import {
  closestCenter,
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { arrayMove } from '@dnd-kit/sortable';
import { useIsMutating, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { usePermission } from '@/components/auth/use-permission';
import { useTRPC } from '@/components/trpc/client';
import { STATUS_TITLES, TASK_STATUSES, type TaskStatus } from '@/server/tasks/constants';
import { BoardColumn, BoardColumnSkeleton, CARDS_SHOWN } from './board-column';
import { BoardToolbar } from './board-toolbar';
import { CancelRunningDialog } from './cancel-running-dialog';
import {
  containerId,
  filtersToSearch,
  isFiltered,
  laneOf,
  laneOfContainer,
  lanesFor,
  matchesFilters,
  parseFilters,
  statusOfContainer,
  type BoardFilters,
} from './filters';
import { columnKeyboardCoordinates } from './keyboard-coordinates';
import { optimisticMove } from './optimistic-move';
import type { CardActivity } from './task-card';
import { TaskCardOverlay } from './task-card';

type Items = Record<string, string[]>;
interface PendingMove {
  key: string;
  name: string;
  toStatus: TaskStatus;
  afterKey: string | null;
  beforeKey: string | null;
  expectedVersion: number;
}

const stopped = (s: TaskStatus) => s === 'done' || s === 'cancelled';
const POLL_MS = 1_000;

/**
 * The kanban board: five columns (optionally split into swimlanes), filters in
 * the URL, drag and drop by mouse, touch and keyboard with screen-reader
 * announcements, optimistic moves rolled back on error, and a 1 s poll (paused
 * while a drag or a move is in flight) so worker moves show up at once.
 */
export function Board() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const canOperate = usePermission('operator');
  const filters = useMemo(() => parseFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const [query, setQuery] = useState<BoardFilters | null>(null); // typed filters ahead of the URL
  const shownFilters = query ?? filters;

  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [dragItems, setDragItems] = useState<Items | null>(null);
  const [overContainer, setOverContainer] = useState<string | null>(null);
  const [dialog, setDialog] = useState<PendingMove | null>(null);
  const [limits, setLimits] = useState<Record<string, number>>({}); // per container, after "Show more"
  const limitOf = (container: string) => limits[container] ?? CARDS_SHOWN;
  const startContainer = useRef<string | null>(null);
  const moving = useIsMutating({ mutationKey: trpc.board.move.mutationKey() }) > 0;
  const frozen = activeKey !== null || dragItems !== null || dialog !== null || moving;

  const boardKey = trpc.board.get.queryKey();
  const board = useQuery({ ...trpc.board.get.queryOptions(), refetchInterval: frozen ? false : POLL_MS });
  const data = board.data;

  const tasksByKey = useMemo(() => new Map((data?.tasks ?? []).map((t) => [t.key, t])), [data]);
  const activity = useMemo(() => {
    const running = new Map((data?.running ?? []).map((r) => [r.taskKey, r]));
    const queued = new Map((data?.queued ?? []).map((q) => [q.taskKey, q.count]));
    return (key: string): CardActivity => ({
      running: running.has(key),
      runningSince: running.get(key)?.startedAt ?? null,
      queued: queued.get(key) ?? 0,
    });
  }, [data]);

  const visible = useMemo(() => (data?.tasks ?? []).filter((t) => matchesFilters(t, shownFilters)), [data, shownFilters]);
  const lanes = useMemo(() => lanesFor(visible, shownFilters.lanes), [visible, shownFilters.lanes]);
  const baseItems = useMemo(() => {
    const items: Items = {};
    for (const lane of lanes) for (const status of TASK_STATUSES) items[containerId(lane.id, status)] = [];
    const sorted = [...visible].sort((a, b) => a.position - b.position || a.id - b.id);
    for (const task of sorted) items[containerId(laneOf(task, shownFilters.lanes).id, task.status)]?.push(task.key);
    return items;
  }, [visible, lanes, shownFilters.lanes]);
  const items = dragItems ?? baseItems;

  const findContainer = useCallback(
    (id: UniqueIdentifier, within: Items = items): string | undefined => {
      const s = String(id);
      if (s in within) return s;
      return Object.keys(within).find((c) => within[c]!.includes(s));
    },
    [items],
  );

  const updateFilters = (next: BoardFilters) => {
    setQuery(next);
    const search = filtersToSearch(next);
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  };

  const move = useMutation(
    trpc.board.move.mutationOptions({
      onMutate: async (input) => {
        await queryClient.cancelQueries({ queryKey: boardKey });
        const previous = queryClient.getQueryData(boardKey);
        if (previous) queryClient.setQueryData(boardKey, optimisticMove(previous, input));
        setDragItems(null);
        return { previous };
      },
      onError: (error, input, context) => {
        if (context?.previous) queryClient.setQueryData(boardKey, context.previous);
        setDragItems(null);
        const name = tasksByKey.get(input.key)?.name ?? input.key;
        if (error.data?.code === 'CONFLICT')
          toast.error(`Someone else moved “${name}” first — the board was reloaded`, { description: error.message });
        else toast.error(`“${name}” could not be moved`, { description: error.message });
      },
      onSuccess: (result) => {
        if (result.queuedRunId !== null) toast.success(`“${result.task.name}” was queued to run now`);
        if (result.cancelRequestedRunIds.length > 0) toast.success(`The running run of “${result.task.name}” is being cancelled`);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: boardKey }),
    }),
  );

  const commit = (pending: PendingMove, cancelRunning = false) => {
    const { name: _name, ...input } = pending;
    move.mutate({ ...input, cancelRunning });
  };

  const nameOf = (id: UniqueIdentifier) => tasksByKey.get(String(id))?.name ?? String(id);
  const columnName = (container: string | undefined) => {
    if (!container) return 'no column';
    const lane = laneOfContainer(container);
    const title = STATUS_TITLES[statusOfContainer(container)];
    return shownFilters.lanes === 'none' ? title : `${title}, ${lanes.find((l) => l.id === lane)?.title ?? ''}`;
  };
  const positionIn = (id: UniqueIdentifier, container: string | undefined) => {
    const list = container ? items[container] : undefined;
    if (!list) return '';
    const i = list.indexOf(String(id));
    return i < 0 ? '' : `, position ${i + 1} of ${list.length}`;
  };

  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up “${nameOf(active.id)}” in ${columnName(findContainer(active.id))}${positionIn(active.id, findContainer(active.id))}.`,
    // Over itself (right after pick-up): say nothing, or "Picked up" would be drowned out.
    onDragOver: ({ active, over }) =>
      over?.id === active.id
        ? undefined
        : over
          ? `“${nameOf(active.id)}” is over ${columnName(findContainer(over.id))}${positionIn(active.id, findContainer(over.id))}.`
          : `“${nameOf(active.id)}” is not over a column.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `“${nameOf(active.id)}” was dropped in ${columnName(findContainer(over.id))}${positionIn(active.id, findContainer(over.id))}.`
        : `“${nameOf(active.id)}” was dropped outside the columns; it stays in ${columnName(startContainer.current ?? undefined)}.`,
    onDragCancel: ({ active }) =>
      `Moving “${nameOf(active.id)}” was cancelled; it is back in ${columnName(startContainer.current ?? undefined)}.`,
  };

  // Latest containers for the keyboard coordinate getter (created once by useSensor).
  const itemsRef = useRef(items);
  const lastOverId = useRef<UniqueIdentifier | null>(null);
  const recentlyMoved = useRef(false);
  useEffect(() => {
    itemsRef.current = items;
    const frame = requestAnimationFrame(() => {
      recentlyMoved.current = false;
    });
    return () => cancelAnimationFrame(frame);
  }, [items]);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: (event, args) => columnKeyboardCoordinates(event, args, itemsRef.current) }),
  );

  const collisionDetection: CollisionDetection = useCallback(
    (args) => {
      // Keyboard (no pointer): the column whose list holds the moved card's top-left corner, then its nearest card.
      if (!args.pointerCoordinates) {
        const corner = { x: args.collisionRect.left + 10, y: args.collisionRect.top + 10 };
        const column = Object.keys(items).find((id) => {
          const rect = args.droppableRects.get(id);
          return rect && corner.x >= rect.left && corner.x <= rect.right && corner.y >= rect.top && corner.y <= rect.bottom;
        });
        if (!column) return closestCorners(args);
        const keys = items[column] ?? [];
        const inColumn = args.droppableContainers.filter((d) => keys.includes(String(d.id)));
        return inColumn.length > 0 ? closestCenter({ ...args, droppableContainers: inColumn }) : [{ id: column }];
      }
      // Pointer: the card under the pointer, else the nearest card of the column under it. Between
      // columns, or right after the card changed column (its old and new rects are both in play for a
      // frame), keep the last target: switching back and forth there would never settle.
      if (recentlyMoved.current && lastOverId.current !== null) return [{ id: lastOverId.current }];
      const within = pointerWithin(args);
      const cards = within.filter((c) => !(String(c.id) in items));
      let result = cards;
      if (cards.length === 0 && within.length > 0) {
        const column = String(within[0]!.id);
        const keys = items[column] ?? [];
        const inColumn = args.droppableContainers.filter((d) => keys.includes(String(d.id)));
        result = inColumn.length > 0 ? closestCenter({ ...args, droppableContainers: inColumn }) : within;
      }
      if (result.length > 0) {
        lastOverId.current = result[0]!.id;
        return result;
      }
      return lastOverId.current !== null ? [{ id: lastOverId.current }] : [];
    },
    [items],
  );

  const onDragStart = ({ active }: DragStartEvent) => {
    lastOverId.current = null;
    setActiveKey(String(active.id));
    startContainer.current = findContainer(active.id) ?? null;
    setDragItems(baseItems);
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    setOverContainer(findContainer(over.id) ?? null);
    setDragItems((previous) => {
      const current = previous ?? baseItems;
      const from = findContainer(active.id, current);
      const to = findContainer(over.id, current);
      if (!from || !to || from === to) return current;
      // Swimlanes group cards; a drag changes the column, not the lane.
      if (laneOfContainer(from) !== laneOfContainer(to)) return current;
      recentlyMoved.current = true;
      const key = String(active.id);
      const target = current[to]!.filter((k) => k !== key);
      // Over the column itself: below its last shown card (cards past "Show more" stay below).
      let index = Math.min(target.length, limitOf(to));
      if (!(String(over.id) in current)) {
        const overIndex = target.indexOf(String(over.id));
        const translated = active.rect.current.translated;
        const below = translated ? translated.top > over.rect.top + over.rect.height / 2 : false;
        if (overIndex >= 0) index = overIndex + (below ? 1 : 0);
      }
      return {
        ...current,
        [from]: current[from]!.filter((k) => k !== key),
        [to]: [...target.slice(0, index), key, ...target.slice(index)],
      };
    });
  };

  const reset = () => {
    setActiveKey(null);
    setOverContainer(null);
    setDragItems(null);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const key = String(active.id);
    const current = dragItems ?? baseItems;
    const container = findContainer(key, current);
    const task = tasksByKey.get(key);
    setActiveKey(null);
    setOverContainer(null);
    if (!over || !container || !task) return reset();
    let list = current[container]!;
    if (findContainer(over.id, current) === container && String(over.id) !== key && list.includes(String(over.id))) {
      list = arrayMove(list, list.indexOf(key), list.indexOf(String(over.id)));
    }
    const index = list.indexOf(key);
    const toStatus = statusOfContainer(container);
    const afterKey = list[index - 1] ?? null;
    const beforeKey = list[index + 1] ?? null;
    const original = baseItems[startContainer.current ?? ''] ?? [];
    const originalIndex = original.indexOf(key);
    if (
      container === startContainer.current &&
      original[originalIndex - 1] === (afterKey ?? undefined) &&
      original[originalIndex + 1] === (beforeKey ?? undefined)
    ) {
      return reset(); // dropped where it was
    }
    setDragItems({ ...current, [container]: list }); // hold the drop until the optimistic update lands
    const pending: PendingMove = { key, name: task.name, toStatus, afterKey, beforeKey, expectedVersion: task.version };
    if (task.status !== toStatus && stopped(toStatus) && activity(key).running) setDialog(pending);
    else commit(pending);
  };

  const labels = useMemo(() => [...new Set((data?.tasks ?? []).flatMap((t) => t.labels.map((l) => l.name)))].sort(), [data]);
  const assignees = useMemo(
    () => [...new Set((data?.tasks ?? []).flatMap((t) => (t.assignee ? [t.assignee] : [])))].sort(),
    [data],
  );

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

  const gridClass = 'grid auto-cols-[85vw] grid-flow-col gap-3 sm:auto-cols-[minmax(220px,1fr)]';
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

  return (
    <div>
      <BoardToolbar
        filters={shownFilters}
        onChange={updateFilters}
        labels={labels}
        assignees={assignees}
        shown={visible.length}
        total={data?.tasks.length ?? 0}
      />
      {!data ? (
        <div className={`${gridClass} relative overflow-x-auto pb-4`}>
          {TASK_STATUSES.map((s) => (
            <BoardColumnSkeleton key={s} title={STATUS_TITLES[s]} />
          ))}
        </div>
      ) : (
        <DndContext
          id="board-dnd"
          sensors={sensors}
          collisionDetection={collisionDetection}
          onDragStart={onDragStart}
          onDragOver={onDragOver}
          onDragEnd={onDragEnd}
          onDragCancel={reset}
          accessibility={{
            announcements,
            screenReaderInstructions: {
              draggable:
                'To pick up a card, press Space or Enter. Use the arrow keys to move it within its column and to other columns. Press Space or Enter again to drop it, or Escape to cancel.',
            },
          }}
        >
          <div className="relative overflow-x-auto pb-4">
            {lanes.map((lane, laneIndex) => (
              <div key={lane.id} className={shownFilters.lanes === 'none' ? undefined : 'mb-4'}>
                {shownFilters.lanes !== 'none' && (
                  <h2 className="mb-2 text-sm font-semibold capitalize text-slate-800 dark:text-slate-100">{lane.title}</h2>
                )}
                <div className={gridClass}>
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
                        label={shownFilters.lanes === 'none' ? STATUS_TITLES[status] : `${STATUS_TITLES[status]}, ${lane.title}`}
                        tasks={shown.tasks}
                        more={shown.more}
                        onShowMore={() => showMore(id)}
                        onAdded={() => showAll(status)}
                        activityOf={activity}
                        canOperate={canOperate}
                        highlighted={overContainer === id && activeKey !== null}
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
      {dialog && (
        <CancelRunningDialog
          taskName={dialog.name}
          column={STATUS_TITLES[dialog.toStatus]}
          onKeepRunning={() => {
            setDialog(null);
            commit(dialog, false);
          }}
          onCancelRunning={() => {
            setDialog(null);
            commit(dialog, true);
          }}
          onAbort={() => {
            setDialog(null);
            reset();
          }}
        />
      )}
    </div>
  );
}
