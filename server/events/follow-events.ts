import type { Db } from '../db';
import { abortableSleep } from '../lib/abortable-sleep';
import { eventTypesMatching } from './catalogue';
import { toEventView, type EventView } from './event-view';
import { latestEventCursor, readNewEvents, type EventCursor } from './read-new-events';

const HOLE_RECHECK_MS = 40;

export interface EventStreamFilter {
  /** Patterns as the events list takes them (`run.failed`, `run`, `run.*`); any of them matches. */
  types?: string[];
  taskKey?: string;
}

export interface FollowEventsOptions {
  db: Db;
  /** Resume after this event id (Last-Event-ID); null: from the newest event now. */
  after: number | null;
  filter?: EventStreamFilter;
  /** Stops the follow (client gone); no timer is left behind. */
  signal?: AbortSignal;
  /** How often an idle stream looks for new events (default 250 ms: one indexed read of the primary key). */
  pollMs?: number;
  batch?: number;
  maxHoleWaitMs?: number;
}

export interface EventBatch {
  /** The events that match the filter, in id order. */
  events: EventView[];
  /** Every event up to this id has been read (matching or not): resume after it. */
  cursor: number;
}

/**
 * The Event table as it grows, read from the database (so any web process
 * serves any client): yields a batch whenever the cursor moves, and first the
 * starting cursor itself. The cursor only moves over events that can no longer
 * be preceded by one still to commit (see read-new-events.ts), so resuming
 * after any cursor it gave misses nothing and repeats nothing.
 */
export async function* followEvents(options: FollowEventsOptions): AsyncGenerator<EventBatch> {
  const pollMs = options.pollMs ?? 250;
  const types = options.filter?.types?.length ? new Set<string>(options.filter.types.flatMap(eventTypesMatching)) : null;
  const taskKey = options.filter?.taskKey;
  const matches = (row: { type: string; taskKey: string | null }) =>
    (types === null || types.has(row.type)) && (taskKey === undefined || row.taskKey === taskKey);

  let cursor: EventCursor =
    options.after === null ? await latestEventCursor(options.db) : { after: options.after, pending: null };
  yield { events: [], cursor: cursor.after };
  while (!options.signal?.aborted) {
    const read = await readNewEvents({ db: options.db, cursor, limit: options.batch, maxHoleWaitMs: options.maxHoleWaitMs });
    const moved = read.cursor.after !== cursor.after;
    cursor = read.cursor;
    if (moved) yield { events: read.rows.filter(matches).map(toEventView), cursor: cursor.after };
    // Waiting on a hole (a transaction still open, usually for milliseconds): look again soon, not a whole poll later.
    if (!read.more) await abortableSleep(cursor.pending && !cursor.pending.settled ? HOLE_RECHECK_MS : pollMs, options.signal);
  }
}
