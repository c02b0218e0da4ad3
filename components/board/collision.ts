import {
  closestCenter,
  closestCorners,
  pointerWithin,
  type Collision,
  type CollisionDetection,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import type { Items } from './drag-rules';

export interface CollisionMemory {
  /** The last target found, kept while the pointer is between columns. */
  lastOverId: UniqueIdentifier | null;
  /** The card changed column this frame (its old and new rects are both in play). */
  recentlyMoved: boolean;
}

/**
 * The board's collision detection over the current lists.
 * - Keyboard (no pointer): the column whose list holds the moved card's
 *   top-left corner, then its nearest card.
 * - Pointer: the card under the pointer, else the nearest card of the column
 *   under it. Between columns, or right after the card changed column, keep
 *   the last target: switching back and forth there would never settle.
 */
export function boardCollisionDetection(
  args: Parameters<CollisionDetection>[0],
  items: Items,
  memory: CollisionMemory,
): Collision[] {
  const nearestIn = (column: string) => {
    const keys = items[column] ?? [];
    const inColumn = args.droppableContainers.filter((d) => keys.includes(String(d.id)));
    return inColumn.length > 0 ? closestCenter({ ...args, droppableContainers: inColumn }) : null;
  };
  if (!args.pointerCoordinates) {
    const corner = { x: args.collisionRect.left + 10, y: args.collisionRect.top + 10 };
    const column = Object.keys(items).find((id) => {
      const rect = args.droppableRects.get(id);
      return rect && corner.x >= rect.left && corner.x <= rect.right && corner.y >= rect.top && corner.y <= rect.bottom;
    });
    if (!column) return closestCorners(args);
    return nearestIn(column) ?? [{ id: column }];
  }
  if (memory.recentlyMoved && memory.lastOverId !== null) return [{ id: memory.lastOverId }];
  const within = pointerWithin(args);
  const cards = within.filter((c) => !(String(c.id) in items));
  let result = cards;
  if (cards.length === 0 && within.length > 0) result = nearestIn(String(within[0]!.id)) ?? within;
  if (result.length > 0) {
    memory.lastOverId = result[0]!.id;
    return result;
  }
  return memory.lastOverId !== null ? [{ id: memory.lastOverId }] : [];
}
