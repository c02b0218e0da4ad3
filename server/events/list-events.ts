import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Db } from '../db';
import { eventTypesMatching } from './catalogue';
import { describeEvent } from './describe-event';

export interface EventView {
  id: number;
  /** A catalogue type (EventType), as stored: a string column. */
  type: string;
  at: Date;
  actorType: string;
  actorName: string | null;
  taskKey: string | null;
  runId: number | null;
  payload: unknown;
  /** "worker w1 started run #12 of nightly-backup" */
  summary: string;
}

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
    ...(options.cursor ? { id: { lt: options.cursor } } : {}),
    ...(options.afterId != null ? { id: { gt: options.afterId } } : {}),
  };
  const rows = await options.db.event.findMany({
    where,
    orderBy: { id: options.afterId != null ? 'asc' : 'desc' },
    take: limit + 1,
    select: { id: true, type: true, at: true, actorType: true, actorName: true, taskKey: true, runId: true, payload: true },
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((e) => ({ ...e, summary: describeEvent(e) })),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
