import type { Db } from '../db';

export interface EventView {
  id: number;
  type: string;
  at: Date;
  actorType: string;
  actorName: string | null;
  taskKey: string | null;
  runId: number | null;
  payload: unknown;
}

export interface ListEventsOptions {
  db: Db;
  limit?: number;
}

/** The newest events first. */
export async function listEvents(options: ListEventsOptions): Promise<EventView[]> {
  return options.db.event.findMany({
    orderBy: { id: 'desc' },
    take: Math.min(options.limit ?? 100, 500),
    select: { id: true, type: true, at: true, actorType: true, actorName: true, taskKey: true, runId: true, payload: true },
  });
}
