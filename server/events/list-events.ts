import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Db } from '../db';
import { keysetPage } from '../db/keyset-page';
import { eventTypesMatching } from './catalogue';
import { EVENT_VIEW_SELECT, toEventView, type EventView } from './event-view';

export type { EventView } from './event-view';

export interface EventPage {
  items: EventView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: number | null;
}

export interface ListEventsOptions {
  db: Db;
  taskKey?: string;
  /** An exact type (`run.failed`) or a family (`run`, `run.*`): see eventTypesMatching. */
  type?: string;
  /** Actor name. */
  actor?: string;
  /** At or after this instant. */
  since?: Date;
  cursor?: number | null;
  /** Only events newer than this id, oldest first (following the feed). */
  afterId?: number | null;
  /** Default 50, at most 500. */
  limit?: number;
}

/** The event feed, newest first, keyset-paginated on the id (never OFFSET). */
export async function listEvents(options: ListEventsOptions): Promise<EventPage> {
  const limit = Math.min(options.limit ?? 50, 500);
  const where: Prisma.EventWhereInput = {
    ...(options.taskKey ? { taskKey: options.taskKey } : {}),
    ...(options.type ? { type: { in: eventTypesMatching(options.type) } } : {}),
    ...(options.actor ? { actorName: options.actor } : {}),
    ...(options.since ? { at: { gte: options.since } } : {}),
    ...(options.cursor ? { id: { lt: options.cursor } } : {}),
    ...(options.afterId != null ? { id: { gt: options.afterId } } : {}),
  };
  const rows = await options.db.event.findMany({
    where,
    orderBy: { id: options.afterId != null ? 'asc' : 'desc' },
    take: limit + 1,
    select: EVENT_VIEW_SELECT,
  });
  return keysetPage(rows, limit, toEventView);
}
