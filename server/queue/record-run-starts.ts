import type { Db } from '../db/client';
import type { Provider } from '../db/url';
import { providerOf } from '../db/client';
import type { Actor } from '../auth/actor';
import type { TaskStatus } from '../tasks/constants';
import { columnWhenStarted } from './board-effects';
import type { StartedRun } from './claim-and-start-runs';
import { insertEvents, type QueueEvent } from './insert-events';
import { moveCardsInBatch, type CardMove } from './move-card';
import { runPlan, sqlQuery, type Plan } from './plan';
import { inList } from './sql';

export interface RecordRunStartsOptions {
  db: Db;
  started: StartedRun[];
  actor: Actor;
  now?: Date;
}

/**
 * The run.started events of a batch (one multi-row INSERT) and, per task whose
 * card is in Todo or In review, the move to In progress (guarded by the
 * column it is in now: a person may have moved the card a moment ago). The
 * worker launches the runs first and records this alongside; their finishes
 * wait for it, so the events stay in order.
 */
export async function recordRunStarts(options: RecordRunStartsOptions): Promise<void> {
  if (options.started.length === 0) return;
  const now = options.now ?? new Date();
  const provider = providerOf(options.db);
  const mayMove = options.started.some((run) => columnWhenStarted(run.task.status as TaskStatus));
  if (!mayMove && options.started.every((run) => run.startRecorded)) return;
  // The common case of a busy queue (the card is already In progress) is one INSERT.
  await runPlan(options.db, () => recordPlan(options, provider, now), { transaction: mayMove });
}

function* recordPlan(options: RecordRunStartsOptions, provider: Provider, now: Date): Plan<void> {
  const events: QueueEvent[] = options.started
    .filter((run) => !run.startRecorded)
    .map((run) => ({
      type: 'run.started',
      taskId: run.task.id,
      taskKey: run.task.key,
      runId: run.id,
      payload: { attempt: run.attempt },
    }));
  const firstPerTask = new Map<number, StartedRun>();
  for (const run of options.started) if (!firstPerTask.has(run.task.id)) firstPerTask.set(run.task.id, run);
  const mayMove = [...firstPerTask.values()].filter((run) => columnWhenStarted(run.task.status as TaskStatus));
  if (mayMove.length > 0) {
    const params: unknown[] = [];
    const ids = inList(
      mayMove.map((r) => r.task.id),
      params,
    );
    const fresh = yield* sqlQuery<{ id: number; status: string }>(
      `SELECT id, status FROM "Task" WHERE id IN (${ids}) ORDER BY id ${provider === 'postgresql' ? 'FOR UPDATE' : ''}`,
      params,
    );
    const moves: CardMove[] = [];
    for (const row of fresh) {
      const to = columnWhenStarted(row.status as TaskStatus);
      const run = firstPerTask.get(Number(row.id));
      if (!to || !run) continue;
      moves.push({ taskId: run.task.id, taskKey: run.task.key, from: row.status, to, runId: run.id, reason: 'run started' });
    }
    events.push(...(yield* moveCardsInBatch(provider, moves, options.actor, now)));
  }
  yield* insertEvents(provider, options.actor, events, now);
}
