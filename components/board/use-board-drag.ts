'use client';

import {
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { useIsMutating, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { isStoppedColumn, type TaskStatus } from '@/server/tasks/constants';
import type { Card } from './card';
import { boardCollisionDetection, type CollisionMemory } from './collision';
import { dragAnnouncements } from './drag-announcements';
import { firstCardsInput } from './first-cards';
import { dropOf, findContainer, moveOver, type Items } from './drag-rules';
import { columnKeyboardCoordinates, type KeyboardAim } from './keyboard-coordinates';
import { optimisticMove } from './optimistic-move';
import { PromptKeyboardSensor } from './prompt-keyboard-sensor';
import { useReturnToasts } from './use-return-toasts';
import type { CardActivity } from './task-card';

/** A drop waiting for the server (or, for a running card dropped on Done/Cancelled, for the person's answer). */
export interface PendingMove {
  key: string;
  name: string;
  toStatus: TaskStatus;
  afterKey: string | null;
  beforeKey: string | null;
  expectedBoardVersion: number;
}

export interface UseBoardDragOptions {
  /** The lists as the board shows them (filtered, sorted, per container). */
  baseItems: Items;
  tasksByKey: Map<string, Card>;
  activity: (key: string) => CardActivity;
  /** How many cards the container shows (the rest are behind "Show more"). */
  shownIn: (container: string) => number;
  /** "Todo" (or "Todo, high" in swimlanes) for a container, for screen readers. */
  columnName: (container: string | undefined) => string;
}

const SCREEN_READER_INSTRUCTIONS =
  'To pick up a card, press Space or Enter. Use the arrow keys to move it within its column and to other columns. Press Space or Enter again to drop it, or Escape to cancel.';

/**
 * Drag and drop on the board by mouse, touch and keyboard: the lists while a
 * card is dragged, screen-reader announcements, and the drop as an optimistic
 * `board.move` (rolled back on error); a running card dropped on Done or
 * Cancelled first asks whether to cancel the run. `frozen` is true while a
 * drag, a question or a move is in flight: the board's poll waits for it.
 */
export function useBoardDrag({ baseItems, tasksByKey, activity, shownIn, columnName }: UseBoardDragOptions) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const pickedUpVersion = useRef<number | null>(null);
  const [dragItems, setDragItems] = useState<Items | null>(null);
  const [overContainer, setOverContainer] = useState<string | null>(null);
  const [dialog, setDialog] = useState<PendingMove | null>(null);
  const [startContainer, setStartContainer] = useState<string | null>(null);
  const moving = useIsMutating({ mutationKey: trpc.board.move.mutationKey() }) > 0;
  const items = dragItems ?? baseItems;

  const watchReturn = useReturnToasts(tasksByKey);
  const boardKey = trpc.board.get.queryKey();
  // The board the page shows: the whole one, or until it is here the page's first cards (a drop
  // there lands as among the shown cards of a longer column: cards not shown yet stay below).
  const firstKey = trpc.board.get.queryKey(firstCardsInput);
  const shownKey = () => (queryClient.getQueryData(boardKey) ? boardKey : firstKey);
  const move = useMutation(
    trpc.board.move.mutationOptions({
      onMutate: async (input) => {
        await queryClient.cancelQueries({ queryKey: boardKey });
        const key = shownKey();
        const previous = queryClient.getQueryData(key);
        if (previous) queryClient.setQueryData(key, optimisticMove(previous, input));
        setDragItems(null);
        return { previous, key };
      },
      onError: (error, input, context) => {
        if (context?.previous) queryClient.setQueryData(context.key, context.previous);
        setDragItems(null);
        const name = tasksByKey.get(input.key)?.name ?? input.key;
        if (error.data?.code === 'CONFLICT')
          toast.error(`Someone else moved “${name}” first — the board was reloaded`, { description: error.message });
        else toast.error(`“${name}” could not be moved`, { description: error.message });
      },
      onSuccess: (result) => {
        // The server's version of the moved card, until the refetch brings the whole board.
        queryClient.setQueryData(shownKey(), (board) =>
          board && { ...board, tasks: board.tasks.map((t) => (t.key === result.task.key ? { ...t, boardVersion: result.task.boardVersion } : t)) },
        );
        if (result.queuedRunId !== null) {
          toast.success(`“${result.task.name}” was queued to run now`);
          watchReturn(result.task.key);
        }
        if (result.cancelRequestedRunIds.length > 0) toast.success(`The running run of “${result.task.name}” is being cancelled`);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: boardKey }),
    }),
  );
  const commit = (pending: PendingMove, cancelRunning = false) => {
    const { name: _name, ...input } = pending;
    move.mutate({ ...input, cancelRunning });
  };

  // Latest lists for the keyboard coordinate getter (created once by useSensor) and the collision memory.
  const itemsRef = useRef(items);
  const memory = useRef<CollisionMemory>({ lastOverId: null, recentlyMoved: false });
  const aim = useRef<KeyboardAim>({ key: null, container: null });
  useEffect(() => {
    itemsRef.current = items;
    const frame = requestAnimationFrame(() => {
      memory.current.recentlyMoved = false;
    });
    return () => cancelAnimationFrame(frame);
  }, [items]);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    // Instant, not smooth, scrolling: the phone's scroller is where it should be before the next key (or the drop).
    // dnd-kit's keyboard sensor, but listening for the arrows from the pick-up on (prompt-keyboard-sensor.ts).
    useSensor(PromptKeyboardSensor, {
      scrollBehavior: 'instant',
      coordinateGetter: (event, args) => columnKeyboardCoordinates(event, args, itemsRef.current, aim.current),
    }),
  );
  const collisionDetection: CollisionDetection = useCallback(
    (args) => boardCollisionDetection(args, items, memory.current),
    [items],
  );

  // A keyboard drop into another column remounts the card there: focus follows it (else it falls to <body>).
  const byKeyboard = useRef(false);
  const keepFocusOn = (key: string) => {
    if (!byKeyboard.current) return;
    let frames = 0;
    const tryFocus = () => {
      const handle = document.querySelector<HTMLElement>(`[data-card-handle="${CSS.escape(key)}"]`);
      if (handle && document.activeElement !== handle) handle.focus();
      if (frames++ < 30 && (!handle || document.activeElement !== handle)) requestAnimationFrame(tryFocus);
    };
    requestAnimationFrame(tryFocus);
  };

  const reset = () => {
    setActiveKey(null);
    setOverContainer(null);
    setDragItems(null);
  };

  const onDragStart = ({ active, activatorEvent }: DragStartEvent) => {
    memory.current.lastOverId = null;
    aim.current = { key: null, container: null };
    byKeyboard.current = activatorEvent instanceof KeyboardEvent;
    setActiveKey(String(active.id));
    // The version the person saw when they picked the card up: a move made meanwhile by someone else conflicts.
    pickedUpVersion.current = tasksByKey.get(String(active.id))?.boardVersion ?? null;
    setStartContainer(findContainer(items, String(active.id)) ?? null);
    setDragItems(baseItems);
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    setOverContainer(findContainer(items, String(over.id)) ?? null);
    const translated = active.rect.current.translated;
    const target = { overId: String(over.id), below: translated ? translated.top > over.rect.top + over.rect.height / 2 : false };
    setDragItems((previous) => {
      const current = previous ?? baseItems;
      const next = moveOver(current, String(active.id), target, shownIn);
      if (!next) return current;
      memory.current.recentlyMoved = true;
      return next;
    });
  };

  /**
   * The lists a drop reads. A keyboard drop can come before the last Left/Right
   * has landed (a phone's scroller moves the columns, the collision follows a
   * frame later): it lands where the keys aimed, at the top of that column.
   */
  const listsAtDrop = (key: string): { lists: Items; aimed: boolean } => {
    const aimed = aim.current;
    if (!byKeyboard.current || aimed.key !== key || !aimed.container || findContainer(items, key) === aimed.container) return { lists: items, aimed: false };
    const lists = moveOver(items, key, { overId: aimed.overId ?? aimed.container, below: false }, shownIn);
    return lists ? { lists, aimed: true } : { lists: items, aimed: false };
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const key = String(active.id);
    const task = tasksByKey.get(key);
    setActiveKey(null);
    setOverContainer(null);
    const { lists, aimed } = listsAtDrop(key);
    const overId = aimed ? key : over ? String(over.id) : null;
    const drop = overId !== null && task ? dropOf(lists, baseItems, startContainer, key, overId) : null;
    keepFocusOn(key);
    if (!drop || !task) return reset();
    setDragItems(drop.items); // hold the drop until the optimistic update lands
    const { items: _items, ...placement } = drop;
    const pending: PendingMove = { key, name: task.name, ...placement, expectedBoardVersion: pickedUpVersion.current ?? task.boardVersion };
    if (task.status !== drop.toStatus && isStoppedColumn(drop.toStatus) && activity(key).running) setDialog(pending);
    else commit(pending);
  };

  const containerOf = (id: UniqueIdentifier) => findContainer(items, String(id));
  const announcements = dragAnnouncements({
    nameOf: (id) => tasksByKey.get(String(id))?.name ?? String(id),
    columnOf: (id) => columnName(containerOf(id)),
    // Where a drop there would land (dropOf, the same rule as the drop itself), not where the card was.
    positionOf: (id, where) => {
      const container = containerOf(where);
      const landed = dropOf(items, baseItems, startContainer, String(id), String(where))?.items ?? items;
      const list = container ? landed[container] : undefined;
      const i = list ? list.indexOf(String(id)) : -1;
      return list && i >= 0 ? `, position ${i + 1} of ${list.length}` : '';
    },
    startColumn: () => columnName(startContainer ?? undefined),
  });

  const answer = (run: 'keep' | 'cancel' | 'abort') => {
    if (!dialog) return;
    setDialog(null);
    if (run === 'abort') reset();
    else commit(dialog, run === 'cancel');
  };

  return {
    items,
    activeKey,
    overContainer,
    frozen: activeKey !== null || dragItems !== null || dialog !== null || moving,
    /** The running card's drop waiting for "keep it running" / "cancel the run" / abort. */
    dialog: dialog && {
      taskName: dialog.name,
      toStatus: dialog.toStatus,
      keepRunning: () => answer('keep'),
      cancelRunning: () => answer('cancel'),
      abort: () => answer('abort'),
    },
    /** Spread on the DndContext. */
    dndProps: {
      sensors,
      collisionDetection,
      onDragStart,
      onDragOver,
      onDragEnd,
      onDragCancel: reset,
      accessibility: { announcements, screenReaderInstructions: { draggable: SCREEN_READER_INSTRUCTIONS } },
    },
  };
}
