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
 */
/** The column header's height (min-h-11 plus its padding): an empty column's list starts below it. */
const COLUMN_HEADER_PX = 52;

export function columnKeyboardCoordinates(
  event: KeyboardEvent,
  args: Parameters<KeyboardCoordinateGetter>[1],
  items: Record<string, string[]>,
): ReturnType<KeyboardCoordinateGetter> {
  if (event.code !== 'ArrowLeft' && event.code !== 'ArrowRight') return sortableKeyboardCoordinates(event, args);
  event.preventDefault();
  const { active, over, droppableRects } = args.context;
  if (!active) return undefined;
  const key = String(active.id);
  const current = Object.keys(items).find((id) => items[id]!.includes(key)) ?? (over ? String(over.id) : undefined);
  if (!current || !(current in items)) return undefined;
  const index = TASK_STATUSES.indexOf(statusOfContainer(current)) + (event.code === 'ArrowRight' ? 1 : -1);
  const status = TASK_STATUSES[index];
  if (!status) return undefined;
  const target = containerId(laneOfContainer(current), status);
  const first = items[target]?.find((k) => k !== key);
  const firstRect = first ? droppableRects.get(first) : undefined;
  if (firstRect) return { x: firstRect.left, y: firstRect.top };
  const rect = droppableRects.get(target);
  return rect ? { x: rect.left + 8, y: rect.top + COLUMN_HEADER_PX } : undefined;
}
