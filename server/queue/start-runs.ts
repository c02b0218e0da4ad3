import type { Db } from '../db/client';
import { lockForWrite } from '../db/write-lock';
import { providerOf } from '../db/client';
import type { Actor } from '../auth/actor';
import { recordEvent } from '../events/record-event';
import type { TaskStatus } from '../tasks/constants';
import { columnWhenStarted } from './board-effects';
import type { ClaimedRun } from './claim-runs';
import { moveCardForRun } from './move-card';

export interface StartedRun {
  id: number;
  claimToken: string;
  attempt: number;
  task: {
    id: number;
    key: string;
    kind: string;
    command: string | null;
    httpMethod: string | null;
    httpUrl: string | null;
    httpHeaders: unknown;
    httpBody: string | null;
    handler: string | null;
    payload: unknown;
    cwd: string | null;
    env: unknown;
    timeoutSeconds: number | null;
    overlap: string;
  };
}

export interface StartRunsOptions {
  db: Db;
  claimed: ClaimedRun[];
  actor: Actor;
  now?: Date;
}

/**
 * After a claim: loads what the executor needs, gives back runs that broke a
 * task's overlap limit inside the batch, and records run.started and the board
 * move (Todo / In review → In progress) for the rest.
 */
export async function startRuns(options: StartRunsOptions): Promise<StartedRun[]> {
  if (options.claimed.length === 0) return [];
  const tokens = new Map(options.claimed.map((c) => [c.id, c.claimToken]));
  const runs = await options.db.run.findMany({
    where: { id: { in: options.claimed.map((c) => c.id) } },
    orderBy: [{ priority: 'desc' }, { availableAt: 'asc' }, { id: 'asc' }],
    select: { id: true, attempt: true, task: true },
  });

  const started: StartedRun[] = [];
  const perTask = new Map<number, number>();
  for (const run of runs) {
    const token = tokens.get(run.id)!;
    const limit = run.task.overlap === 'allow' ? run.task.maxInstances : 1;
    const inBatch = (perTask.get(run.task.id) ?? 0) + 1;
    if (inBatch > limit) {
      // Two runs of one task in one claim batch: the claim's overlap check saw
      // neither running. Give the extra back (guarded by its token).
      await options.db.run.updateMany({
        where: { id: run.id, claimToken: token, status: 'running' },
        data: { status: 'queued', workerId: null, claimToken: null, claimedAt: null, startedAt: null, leaseExpiresAt: null },
      });
      continue;
    }
    perTask.set(run.task.id, inBatch);
    await options.db.$transaction(async (tx) => {
      await lockForWrite(tx, providerOf(options.db));
      await recordEvent({ db: tx, type: 'run.started', actor: options.actor, taskId: run.task.id, taskKey: run.task.key, runId: run.id, payload: { attempt: run.attempt } });
      const to = columnWhenStarted(run.task.status as TaskStatus);
      if (to) {
        // Re-read inside the transaction: a person may have moved the card a moment ago.
        const fresh = await tx.task.findUnique({ where: { id: run.task.id }, select: { id: true, key: true, status: true } });
        if (fresh && columnWhenStarted(fresh.status as TaskStatus)) await moveCardForRun(tx, fresh, to, options.actor, run.id, 'run started');
      }
    });
    started.push({ id: run.id, claimToken: token, attempt: run.attempt, task: run.task });
  }
  return started;
}
