// What an event-triggered run is given about its event: CRONBOARD_EVENT (shell,
// script) and ctx.event (handlers).
import type { Db } from '../db';

/** taskKey/runId: the task and run the event concerns (for `run.succeeded of nightly-backup`, that run). */
export interface RunEvent {
  id: number;
  type: string;
  at: string;
  payload: unknown;
  taskKey: string | null;
  runId: number | null;
}

/** The event of a run (null: none, or pruned since). */
export async function runEventOf({ db, eventId }: { db: Db; eventId: number | null }): Promise<RunEvent | null> {
  if (eventId === null) return null;
  const row = await db.event.findUnique({ where: { id: eventId }, select: { id: true, type: true, at: true, payload: true, taskKey: true, runId: true } });
  return row && { ...row, at: row.at.toISOString(), payload: row.payload ?? null };
}
