import { describeEvent } from './describe-event';

/** One event as every reader shows it: the events list (tRPC, REST) and the SSE stream. */
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

/** The columns an EventView is made of (a Prisma `select`). */
export const EVENT_VIEW_SELECT = {
  id: true,
  type: true,
  at: true,
  actorType: true,
  actorName: true,
  taskKey: true,
  runId: true,
  payload: true,
} as const;

export function toEventView(row: Omit<EventView, 'summary'>): EventView {
  return { ...row, summary: describeEvent(row) };
}
