// What a drag does to the board's lists, as pure functions of the card keys
// per container (a container is a column, or a column in a swimlane): where a
// card goes while it is dragged over another container, and what a drop
// means (its column and neighbours, or nothing when it lands where it was).
import { arrayMove } from '@dnd-kit/sortable';
import type { TaskStatus } from '@/server/tasks/constants';
import { laneOfContainer, statusOfContainer } from './filters';

/** The card keys of each container, in board order. */
export type Items = Record<string, string[]>;

/** The container with this id, or the one holding the card with this key. */
export function findContainer(items: Items, id: string): string | undefined {
  if (id in items) return id;
  return Object.keys(items).find((c) => items[c]!.includes(id));
}

export interface OverTarget {
  /** The card or container under the dragged card. */
  overId: string;
  /** The dragged card's middle is below the middle of the card it is over. */
  below: boolean;
}

/**
 * The lists while `key` is dragged over `over`, or null when nothing changes
 * (same container, or another swimlane: a drag changes the column, not the
 * lane). Over a card it goes above or below that card; over the container
 * itself, below the last shown card (cards past "Show more" stay below).
 */
export function moveOver(items: Items, key: string, over: OverTarget, shownIn: (container: string) => number): Items | null {
  const from = findContainer(items, key);
  const to = findContainer(items, over.overId);
  if (!from || !to || from === to) return null;
  if (laneOfContainer(from) !== laneOfContainer(to)) return null;
  const target = items[to]!.filter((k) => k !== key);
  let index = Math.min(target.length, shownIn(to));
  if (!(over.overId in items)) {
    const overIndex = target.indexOf(over.overId);
    if (overIndex >= 0) index = overIndex + (over.below ? 1 : 0);
  }
  return {
    ...items,
    [from]: items[from]!.filter((k) => k !== key),
    [to]: [...target.slice(0, index), key, ...target.slice(index)],
  };
}

export interface Drop {
  /** The lists with the card where it was dropped (held until the server answers). */
  items: Items;
  toStatus: TaskStatus;
  afterKey: string | null;
  beforeKey: string | null;
}

/**
 * What dropping `key` on `overId` means. `items` are the lists as the drag
 * left them and `original` the lists before it, with the card in `startContainer`.
 * Null when the card is in no container or lands between its old neighbours.
 */
export function dropOf(items: Items, original: Items, startContainer: string | null, key: string, overId: string): Drop | null {
  const container = findContainer(items, key);
  if (!container) return null;
  let list = items[container]!;
  if (findContainer(items, overId) === container && overId !== key && list.includes(overId)) {
    list = arrayMove(list, list.indexOf(key), list.indexOf(overId));
  }
  const index = list.indexOf(key);
  const afterKey = list[index - 1] ?? null;
  const beforeKey = list[index + 1] ?? null;
  const before = original[startContainer ?? ''] ?? [];
  const originalIndex = before.indexOf(key);
  if (
    container === startContainer &&
    before[originalIndex - 1] === (afterKey ?? undefined) &&
    before[originalIndex + 1] === (beforeKey ?? undefined)
  ) {
    return null;
  }
  return { items: { ...items, [container]: list }, toStatus: statusOfContainer(container), afterKey, beforeKey };
}
