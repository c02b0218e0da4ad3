import type { Announcements, UniqueIdentifier } from '@dnd-kit/core';

export interface AnnouncementContext {
  nameOf: (id: UniqueIdentifier) => string;
  /** "Todo" (or "Todo, high" in swimlanes) for the container holding this card or container id. */
  columnOf: (id: UniqueIdentifier) => string;
  /** ", position 2 of 5" for the card in the container holding `where`. */
  positionOf: (id: UniqueIdentifier, where: UniqueIdentifier) => string;
  /** The column the card was picked up in. */
  startColumn: () => string;
}

/** What screen readers hear while a card is dragged. */
export function dragAnnouncements({ nameOf, columnOf, positionOf, startColumn }: AnnouncementContext): Announcements {
  const at = (id: UniqueIdentifier, where: UniqueIdentifier) => `${columnOf(where)}${positionOf(id, where)}`;
  return {
    onDragStart: ({ active }) => `Picked up “${nameOf(active.id)}” in ${at(active.id, active.id)}.`,
    // Over itself (right after pick-up): say nothing, or "Picked up" would be drowned out.
    onDragOver: ({ active, over }) =>
      over?.id === active.id
        ? undefined
        : over
          ? `“${nameOf(active.id)}” is over ${at(active.id, over.id)}.`
          : `“${nameOf(active.id)}” is not over a column.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `“${nameOf(active.id)}” was dropped in ${at(active.id, over.id)}.`
        : `“${nameOf(active.id)}” was dropped outside the columns; it stays in ${startColumn()}.`,
    onDragCancel: ({ active }) => `Moving “${nameOf(active.id)}” was cancelled; it is back in ${startColumn()}.`,
  };
}
