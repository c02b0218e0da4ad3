import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { recordEvent } from '../events/record-event';
import { notifyRunQueued } from '../queue/notify';

export interface RetryRunsOptions {
  db: Db;
  runIds: number[];
  actor: Actor;
  now?: Date;
}

export type RetryOutcome = 'queued' | 'not_finished' | 'not_found';

export interface RetryRunsResult {
  results: { runId: number; outcome: RetryOutcome; newRunId: number | null }[];
  queued: number;
  notFinished: number;
  notFound: number;
}

/**
 * "Retry" from the runs table: for each selected *finished* run, queue a new
 * run of the same task, now, at the task's current priority.
 *
 * The new run is `trigger: 'manual'`, `attempt: 1`, `retryOfId` = the run it
 * retries. Not `trigger: 'retry'`: that one is the retry policy's own automatic
 * attempt (attempt + 1, after a backoff). A person asking again is a fresh
 * request, so the task's retry policy starts over for it; `retryOfId` keeps the
 * link. Queued and running runs are left alone (`not_finished`).
 */
export async function retryRuns(options: RetryRunsOptions): Promise<RetryRunsResult> {
  const now = options.now ?? new Date();
  const ids = [...new Set(options.runIds)];
  const results = await writeTransaction(options.db, async (tx) => {
    const runs = await tx.run.findMany({
      where: { id: { in: ids } },
      select: { id: true, status: true, task: { select: { id: true, key: true, priority: true } } },
    });
    const byId = new Map(runs.map((r) => [r.id, r]));
    const out: RetryRunsResult['results'] = [];
    for (const id of ids) {
      const run = byId.get(id);
      if (!run) {
        out.push({ runId: id, outcome: 'not_found', newRunId: null });
        continue;
      }
      if (run.status === 'queued' || run.status === 'running') {
        out.push({ runId: id, outcome: 'not_finished', newRunId: null });
        continue;
      }
      const created = await tx.run.create({
        data: {
          taskId: run.task.id,
          trigger: 'manual',
          attempt: 1,
          basePriority: run.task.priority,
          priority: run.task.priority,
          availableAt: now,
          createdAt: now,
          retryOfId: run.id,
          requestedBy: options.actor.name,
        },
        select: { id: true },
      });
      await recordEvent({
        db: tx,
        type: 'run.queued',
        actor: options.actor,
        taskId: run.task.id,
        taskKey: run.task.key,
        runId: created.id,
        payload: { trigger: 'manual', retryOf: run.id },
      });
      out.push({ runId: id, outcome: 'queued', newRunId: created.id });
    }
    return out;
  });
  if (results.some((r) => r.outcome === 'queued')) await notifyRunQueued(options.db);
  return {
    results,
    queued: results.filter((r) => r.outcome === 'queued').length,
    notFinished: results.filter((r) => r.outcome === 'not_finished').length,
    notFound: results.filter((r) => r.outcome === 'not_found').length,
  };
}
