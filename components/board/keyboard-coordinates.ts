import type { KeyboardCoordinateGetter } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { TASK_STATUSES } from '@/server/tasks/constants';
import { containerId, laneOfContainer, statusOfContainer } from './filters';

/**
 * Keyboard moves on the board: Left/Right go to the neighbouring column of the
 * same swimlane (to the top of its list: over its first card, or just below
 * the column's header when it is empty, so the dragged card never covers the
 * header), Up/Down move within the column
 * (dnd-kit's sortable getter). The board's collision detection then picks the
 * column under the card's corner and its nearest card.
 *
 * A move lands a moment after its key (dnd-kit may first scroll the phone's
 * snap scroller, then the collision moves the card), so a second Right pressed
 * before the first has landed would start again from the old column and be
 * lost: `aim` remembers the column the last key aimed at until the card is
 * there, and the next key starts from it (and a drop pressed before the card
 * got there lands where the keys aimed: useBoardDrag's onDragEnd).
 */
/** The column header's height (min-h-11 plus its padding): an empty column's list starts below it. */
const COLUMN_HEADER_PX = 52;

/** The column the last Left/Right aimed the card at, and the card at its top it aimed over (reset when a drag starts). */
export interface KeyboardAim {
  key: string | null;
  container: string | null;
  /** The column's first card, or the column itself when it is empty. */
  overId?: string | null;
}

export function columnKeyboardCoordinates(
  event: KeyboardEvent,
  args: Parameters<KeyboardCoordinateGetter>[1],
  items: Record<string, string[]>,
  aim: KeyboardAim = { key: null, container: null },
): ReturnType<KeyboardCoordinateGetter> {
  if (event.code !== 'ArrowLeft' && event.code !== 'ArrowRight') return sortableKeyboardCoordinates(event, args);
  event.preventDefault();
  const { active, over, droppableRects } = args.context;
  if (!active) return undefined;
  const key = String(active.id);
  const landed = Object.keys(items).find((id) => items[id]!.includes(key)) ?? (over ? String(over.id) : undefined);
  const pending = aim.key === key && aim.container !== null && aim.container in items ? aim.container : undefined;
  const current = pending ?? landed;
  if (!current || !(current in items)) return undefined;
  const index = TASK_STATUSES.indexOf(statusOfContainer(current)) + (event.code === 'ArrowRight' ? 1 : -1);
  const status = TASK_STATUSES[index];
  if (!status) return undefined;
  const target = containerId(laneOfContainer(current), status);
  const first = items[target]?.find((k) => k !== key);
  const firstRect = first ? droppableRects.get(first) : undefined;
  const rect = droppableRects.get(target);
  const coordinates = firstRect ? { x: firstRect.left, y: firstRect.top } : rect ? { x: rect.left + 8, y: rect.top + COLUMN_HEADER_PX } : undefined;
  if (coordinates) Object.assign(aim, { key, container: target, overId: firstRect ? first : target });
  return coordinates;
}
