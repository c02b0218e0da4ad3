// One run's story for the activity feed's expanded row: every event naming the
// run, oldest first, each a full sentence. A person's board move stays a row of
// its own in the feed, so it is left out here.
import type { Db } from '../db';
import { EVENT_ROW_SELECT, loadNames } from './activity-sentences';
import { isEventType } from './catalogue';
import { FAILURE_EVENT_TYPES } from './run-sentences';
import { standaloneMoves } from './list-activity';

export interface RunTransition {
  id: number;
  type: string;
  at: Date;
  summary: string;
  failed: boolean;
}

/** At most 100 (a run has a handful: queued, started, finished, a move, a retry). */
export async function listRunTransitions(options: { db: Db; runId: number; workerMoves?: boolean }): Promise<RunTransition[]> {
  const rows = await options.db.event.findMany({
    where: { runId: options.runId, NOT: standaloneMoves(options.workerMoves ?? false) },
    orderBy: { id: 'asc' },
    take: 100,
    select: EVENT_ROW_SELECT,
  });
  const names = await loadNames(options.db, rows);
  return rows.map((e) => ({
    id: e.id,
    type: e.type,
    at: e.at,
    summary: names.describe(e),
    failed: isEventType(e.type) && FAILURE_EVENT_TYPES.includes(e.type),
  }));
}
