// The quiet activity feed: one row per run (its queued, started, moved and
// finished events folded together, placed at its newest event) and one row per
// event that belongs to no run. Grouped here, with keyset paging over event
// ids, so a page of 50 rows is 50 rows on the wire, not 250 events.
//
// Paging: the cursor is a position in the event log (ids below it are not yet
// read). A page reads events newest first from the cursor, in batches; the first
// event met of each run is its row, unless an event of that run above the cursor
// exists, i.e. an earlier page already showed it (one indexed query on
// Event(runId, id)). A page may stop early after a bounded scan; its cursor
// then says where to go on.
import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Db } from '../db';
import { actorLabel } from './describe-event';
import { eventTypesMatching, isEventType, type EventType } from './catalogue';
import { FAILED_RUN_STATES, FAILURE_EVENT_TYPES, RUN_SENTENCES, RUN_STATE_AFTER, type RunState } from './run-sentences';
import { EVENT_ROW_SELECT, loadNames, type EventRow } from './activity-sentences';

interface RowBase {
  /** The row's newest event (its place in the feed). */
  id: number;
  at: Date;
  taskKey: string | null;
  taskName: string | null;
  runId: number | null;
  /** A full sentence: "Run #41 of Nightly backup failed after 3.2 s: exit code 3". */
  summary: string;
  /** Someone should look at it (a failed or timed-out run, a lost worker). */
  failed: boolean;
}
export interface RunActivityRow extends RowBase {
  kind: 'run';
  runId: number;
  state: RunState | null;
  /** How many events the row folds together (expand: events.runTransitions). */
  transitions: number;
  /** When the run's first event happened. */
  firstAt: Date;
}
export interface EventActivityRow extends RowBase {
  kind: 'event';
  type: string;
  actorType: string;
  actorName: string | null;
}
export type ActivityRow = RunActivityRow | EventActivityRow;

export interface ActivityPage {
  items: ActivityRow[];
  /** Pass as `cursor` for older rows; null when the log is read to its start. */
  nextCursor: number | null;
}

export interface ListActivityOptions {
  db: Db;
  taskKey?: string;
  /** An exact type or a family (eventTypesMatching). */
  type?: string;
  actor?: string;
  /** Give the worker's board moves rows of their own (default: folded into their run's row). */
  workerMoves?: boolean;
  cursor?: number | null;
  /** Default 50, at most 200. */
  limit?: number;
}

const MAX_SCANNED = 5_000;

/**
 * Which events stand alone although they name a run: a person's board move
 * (it queued the run, but it is their act), and the worker's moves when asked for.
 */
export function standaloneMoves(workerMoves: boolean): Prisma.EventWhereInput {
  return workerMoves ? { type: 'task.moved' } : { type: 'task.moved', actorType: { not: 'worker' } };
}
const isStandaloneMove = (e: EventRow, workerMoves: boolean) => e.type === 'task.moved' && (workerMoves || e.actorType !== 'worker');
const groupOf = (e: EventRow, workerMoves: boolean): number | null => (e.runId === null || isStandaloneMove(e, workerMoves) ? null : e.runId);

export async function listActivity(options: ListActivityOptions): Promise<ActivityPage> {
  const { db } = options;
  const limit = Math.min(options.limit ?? 50, 200);
  const workerMoves = options.workerMoves ?? false;
  const filters: Prisma.EventWhereInput = {
    ...(options.taskKey ? { taskKey: options.taskKey } : {}),
    ...(options.type ? { type: { in: eventTypesMatching(options.type) } } : {}),
    ...(options.actor ? { actorName: options.actor } : {}),
  };
  const cursor = options.cursor ?? null;

  const heads: EventRow[] = [];
  const seen = new Set<number>();
  let position = cursor;
  let scanned = 0;
  let exhausted = false;
  while (heads.length <= limit && !exhausted && scanned < MAX_SCANNED) {
    const take = Math.min((limit + 1) * 4, MAX_SCANNED - scanned);
    const batch = await db.event.findMany({
      where: { ...filters, ...(position !== null ? { id: { lt: position } } : {}) },
      orderBy: { id: 'desc' },
      take,
      select: EVENT_ROW_SELECT,
    });
    scanned += batch.length;
    exhausted = batch.length < take;
    const fresh = batch.filter((e) => {
      const g = groupOf(e, workerMoves);
      if (g === null) return true;
      if (seen.has(g)) return false;
      seen.add(g);
      return true;
    });
    const runIds = fresh.flatMap((e) => (groupOf(e, workerMoves) === null ? [] : [e.runId!]));
    const shownBefore = new Set<number>();
    if (cursor !== null && runIds.length > 0) {
      const earlier = await db.event.findMany({
        where: { ...filters, runId: { in: runIds }, id: { gte: cursor }, NOT: standaloneMoves(workerMoves) },
        select: { runId: true },
        distinct: ['runId'],
      });
      for (const e of earlier) if (e.runId !== null) shownBefore.add(e.runId);
    }
    for (const e of fresh) {
      const g = groupOf(e, workerMoves);
      if (g !== null && shownBefore.has(g)) continue;
      heads.push(e);
      if (heads.length > limit) break;
    }
    position = batch.at(-1)?.id ?? position;
  }

  const page = heads.slice(0, limit);
  const more = heads.length > limit || (!exhausted && scanned >= MAX_SCANNED);
  const nextCursor = !more ? null : heads.length > limit ? (page.at(-1)?.id ?? null) : position;
  return { items: await rowsFor(db, page, workerMoves), nextCursor };
}

/** Builds the rows: each run's full story (whatever the filters matched) gives its state and sentence. */
async function rowsFor(db: Db, heads: EventRow[], workerMoves: boolean): Promise<ActivityRow[]> {
  const runIds = heads.flatMap((e) => (groupOf(e, workerMoves) === null ? [] : [e.runId!]));
  const stories = runIds.length
    ? await db.event.findMany({
        where: { runId: { in: runIds }, NOT: standaloneMoves(workerMoves) },
        orderBy: { id: 'asc' },
        select: EVENT_ROW_SELECT,
      })
    : [];
  const byRun = new Map<number, EventRow[]>();
  for (const e of stories) byRun.set(e.runId!, [...(byRun.get(e.runId!) ?? []), e]);
  const names = await loadNames(db, [...heads, ...stories]);

  return heads.map((head): ActivityRow => {
    const base = { id: head.id, at: head.at, taskKey: head.taskKey, taskName: names.task(head), runId: head.runId };
    const group = groupOf(head, workerMoves);
    if (group === null) {
      return {
        ...base,
        kind: 'event',
        type: head.type,
        actorType: head.actorType,
        actorName: head.actorName,
        summary: names.describe(head),
        failed: isEventType(head.type) && FAILURE_EVENT_TYPES.includes(head.type),
      };
    }
    const story = byRun.get(group) ?? [head];
    const stateEvent = story.findLast((e) => isEventType(e.type) && RUN_STATE_AFTER[e.type] !== undefined);
    const state = stateEvent ? (RUN_STATE_AFTER[stateEvent.type as EventType] ?? null) : null;
    const last = story.at(-1) ?? head;
    const summary =
      stateEvent && state
        ? RUN_SENTENCES[state]({
            run: `Run #${group}`,
            task: names.task(stateEvent) ?? stateEvent.taskKey ?? 'a deleted task',
            who: actorLabel({ ...stateEvent, actorDisplayName: names.person(stateEvent) }),
            payload: stateEvent.payload && typeof stateEvent.payload === 'object' ? (stateEvent.payload as Record<string, unknown>) : {},
          })
        : names.describe(head);
    return {
      ...base,
      kind: 'run',
      runId: group,
      at: last.at > head.at ? last.at : head.at,
      state,
      transitions: story.length,
      firstAt: story[0]?.at ?? head.at,
      summary,
      failed: state !== null && FAILED_RUN_STATES.includes(state),
    };
  });
}
