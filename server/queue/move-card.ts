import type { Provider } from '../db/url';
import type { Actor } from '../auth/actor';
import { POSITION_STEP } from '../tasks/positions';
import type { TaskStatus } from '../tasks/constants';
import type { QueueEvent } from './insert-events';
import { sqlQuery, type Plan } from './plan';
import { ts, valuesList } from './sql';

export interface CardMove {
  taskId: number;
  taskKey: string;
  from: string;
  to: TaskStatus;
  runId: number;
  reason: string;
  onlyIfIdle?: boolean;
}

/**
 * Moves cards because of runs, for the worker's batches: each to the top of
 * `to` (where a person looks for the card that just ran, not the bottom of a
 * long column; the last of a batch topmost, as if moved one after another),
 * boardVersion bumped (never the definition's version), only if the card is
 * still in `from` (a person may have moved it since it was read; then it stays
 * where they put it). With onlyIfIdle, also only if the task has no other run
 * queued or running (checked in the same statement). One statement per
 * (from, to, onlyIfIdle) group, not per card: a herd of 10,000 tasks finishing
 * in batches of 500 made 500 round trips per batch. Returns the task.moved
 * events to insert with the batch, in the order of `moves`, for the cards that
 * moved.
 *
 * Safe under concurrency: the status guard makes it a compare-and-set; on
 * SQLite it runs inside the caller's write transaction, on PostgreSQL the
 * UPDATE takes each task's row lock and re-checks the guard after any wait.
 */
export function* moveCardsInBatch(provider: Provider, moves: CardMove[], actor: Actor, now: Date): Plan<QueueEvent[]> {
  const groups = new Map<string, CardMove[]>();
  for (const move of moves) {
    const key = JSON.stringify([move.from, move.to, move.onlyIfIdle === true]);
    const group = groups.get(key);
    if (group) group.push(move);
    else groups.set(key, [move]);
  }
  const moved = new Set<number>();
  for (const group of groups.values()) {
    const { from, to, onlyIfIdle } = group[0]!;
    const params: unknown[] = [to, POSITION_STEP, actor.name, ts(provider, now), from];
    const values = valuesList(
      provider,
      ['int', 'int'],
      group.map((m, i) => [m.taskId, i + 1]),
      params,
    );
    const rows = yield* sqlQuery<{ id: number }>(
      `WITH v(id, n) AS (VALUES ${values}),
         base AS (SELECT COALESCE(MIN(p.position), $2) AS top FROM "Task" p WHERE p.status = $1)
       UPDATE "Task" SET status = $1,
         position = (SELECT top FROM base) - $2 * v.n,
         "boardVersion" = "boardVersion" + 1, "updatedBy" = $3, "updatedAt" = $4
       FROM v
       WHERE "Task".id = v.id AND "Task".status = $5${
         onlyIfIdle
           ? ` AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."taskId" = "Task".id AND r.status = 'running')
               AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."taskId" = "Task".id AND r.status = 'queued')`
           : ''
       }
       RETURNING "Task".id`,
      params,
    );
    for (const row of rows) moved.add(Number(row.id));
  }
  return moves
    .filter((m) => moved.has(m.taskId))
    .map((m) => ({ type: 'task.moved', taskId: m.taskId, taskKey: m.taskKey, runId: m.runId, payload: { from: m.from, to: m.to, reason: m.reason } }));
}
