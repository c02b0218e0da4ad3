import type { Provider } from '../db/url';
import type { Actor } from '../auth/actor';
import { POSITION_STEP } from '../tasks/positions';
import type { TaskStatus } from '../tasks/constants';
import type { QueueEvent } from './insert-events';
import { sqlQuery, type Plan } from './plan';
import { ts } from './sql';

/**
 * Moves a card because of a run, in one statement for the worker's batches:
 * to the top of `to` (where a person looks for the card that just ran, not
 * the bottom of a long column), boardVersion bumped (never the definition's version), only if the card is still in `from` (a
 * person may have moved it since it was read; then it stays where they put
 * it). With onlyIfIdle,
 * also only if the task has no other run queued or running (checked in the
 * same statement). Returns the task.moved event to insert with the batch, or
 * null when nothing moved.
 *
 * Safe under concurrency: the status guard makes it a compare-and-set; on
 * SQLite it runs inside the caller's write transaction, on PostgreSQL the
 * UPDATE takes the task's row lock and re-checks the guard after any wait.
 */
export function* moveCardInBatch(
  provider: Provider,
  move: { taskId: number; taskKey: string; from: string; to: TaskStatus; runId: number; reason: string; onlyIfIdle?: boolean },
  actor: Actor,
  now: Date,
): Plan<QueueEvent | null> {
  const rows = yield* sqlQuery<{ id: number }>(
    `UPDATE "Task" SET status = $1,
       position = (SELECT COALESCE(MIN(p.position), $2) FROM "Task" p WHERE p.status = $1) - $2,
       "boardVersion" = "boardVersion" + 1, "updatedBy" = $3, "updatedAt" = $4
     WHERE id = $5 AND status = $6${
       move.onlyIfIdle
         ? ` AND NOT EXISTS (SELECT 1 FROM "Run" WHERE "taskId" = $5 AND status = 'running')
             AND NOT EXISTS (SELECT 1 FROM "Run" WHERE "taskId" = $5 AND status = 'queued')`
         : ''
     }
     RETURNING id`,
    [move.to, POSITION_STEP, actor.name, ts(provider, now), move.taskId, move.from],
  );
  if (rows.length === 0) return null;
  return {
    type: 'task.moved',
    taskId: move.taskId,
    taskKey: move.taskKey,
    runId: move.runId,
    payload: { from: move.from, to: move.to, reason: move.reason },
  };
}
