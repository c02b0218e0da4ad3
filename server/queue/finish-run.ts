import type { Prisma } from '../../prisma/generated/sqlite/client';
import { lockForWrite } from '../db/write-lock';
import { providerOf } from '../db/client';
import type { Db } from '../db/client';
import type { Actor } from '../auth/actor';
import { recordEvent } from '../events/record-event';
import type { TaskStatus } from '../tasks/constants';
import { backoffMs } from './backoff';
import { columnWhenFinished, type RunOutcome } from './board-effects';
import { moveCardForRun } from './move-card';
import { notifyRunQueued } from './notify';

export interface RunResult {
  status: RunOutcome;
  exitCode?: number | null;
  signal?: string | null;
  error?: string | null;
  result?: unknown;
  logBytes?: number;
  logTruncated?: boolean;
}

export interface FinishRunOptions {
  db: Db;
  runId: number;
  claimToken: string;
  outcome: RunResult;
  actor: Actor;
  now?: Date;
  random?: () => number;
}

export interface FinishRunResult {
  /** False: the claim token no longer matches (lease taken over): nothing was written. */
  accepted: boolean;
  retryRunId: number | null;
}

/**
 * The one terminal update of a claimed run, guarded by its claim token
 * (fencing: a worker whose lease was taken over cannot overwrite the newer
 * attempt). In the same transaction: the retry run if the policy allows one,
 * the task's lastRun fields, the board move and the events.
 */
export async function finishRun(options: FinishRunOptions): Promise<FinishRunResult> {
  const { outcome, actor } = options;
  const now = options.now ?? new Date();
  const provider = providerOf(options.db);
  const result = await options.db.$transaction(async (tx) => {
    await lockForWrite(tx, provider);
    const run = await tx.run.findUnique({
      where: { id: options.runId },
      include: { task: true },
    });
    if (!run || run.status !== 'running' || run.claimToken !== options.claimToken) return { accepted: false, retryRunId: null };
    const { count } = await tx.run.updateMany({
      where: { id: run.id, status: 'running', claimToken: options.claimToken },
      data: {
        status: outcome.status,
        finishedAt: now,
        durationMs: run.startedAt ? now.getTime() - run.startedAt.getTime() : null,
        exitCode: outcome.exitCode ?? null,
        signal: outcome.signal ?? null,
        error: outcome.error ?? null,
        result: outcome.result === undefined || outcome.result === null ? undefined : (outcome.result as Prisma.InputJsonValue),
        logBytes: outcome.logBytes ?? run.logBytes,
        logTruncated: outcome.logTruncated ?? run.logTruncated,
        leaseExpiresAt: null,
      },
    });
    if (count !== 1) return { accepted: false, retryRunId: null };

    const task = run.task;
    const payload = { attempt: run.attempt, exitCode: outcome.exitCode ?? null, error: outcome.error ?? null, durationMs: run.startedAt ? now.getTime() - run.startedAt.getTime() : null };
    await recordEvent({ db: tx, type: `run.${outcome.status}`, actor, taskId: task.id, taskKey: task.key, runId: run.id, payload });

    let retryRunId: number | null = null;
    const retryable = outcome.status === 'failed' || outcome.status === 'timed_out';
    if (retryable && run.attempt <= task.maxRetries) {
      const delay = backoffMs(
        { kind: task.retryBackoff, baseSeconds: task.retryDelaySeconds, maxSeconds: task.retryMaxDelaySeconds, jitter: task.retryJitter },
        run.attempt,
        options.random,
      );
      const availableAt = new Date(now.getTime() + delay);
      const retry = await tx.run.create({
        data: {
          taskId: task.id,
          trigger: 'retry',
          attempt: run.attempt + 1,
          basePriority: run.basePriority,
          priority: run.basePriority,
          availableAt,
          createdAt: now,
          retryOfId: run.id,
          requestedBy: 'retry',
        },
        select: { id: true },
      });
      retryRunId = retry.id;
      await recordEvent({
        db: tx,
        type: 'run.retry_scheduled',
        actor,
        taskId: task.id,
        taskKey: task.key,
        runId: retry.id,
        payload: { retryOf: run.id, attempt: run.attempt + 1, availableAt: availableAt.toISOString(), delayMs: delay },
      });
    }

    await tx.task.update({ where: { id: task.id }, data: { lastRunAt: run.startedAt ?? now, lastRunStatus: outcome.status } });
    // With a retry queued the card stays In progress.
    if (retryRunId === null) {
      const to = columnWhenFinished(task.status as TaskStatus, outcome.status, task.scheduleKind);
      if (to) await moveCardForRun(tx, task, to, actor, run.id, `run ${outcome.status}`);
    }
    return { accepted: true, retryRunId };
  });
  if (result.retryRunId !== null) await notifyRunQueued(options.db);
  return result;
}
