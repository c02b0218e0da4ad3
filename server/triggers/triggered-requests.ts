// Which runs a pass of the trigger consumer queues for the events it read, and
// which it refuses: a chain (`on: run.failed|finished of KEY`) follows a run's
// final outcome, so a failed attempt whose retry is already queued (in the same
// transaction as its run.failed event, finish-runs.ts) starts nothing; and a
// run deeper than MAX_CHAIN_DEPTH in a chain of event-triggered runs is not
// queued (a loop through custom events), with a task.chain_stopped event.
import type { Actor } from '../auth/actor';
import type { WriteTx } from '../db/write-transaction';
import type { EventRow } from '../events/read-new-events';
import { recordEvent } from '../events/record-event';
import type { QueueRequest } from '../queue/queue-runs';
import { triggerMatches } from '../schedules/parse-on';
import { chainDepths, chainLoop, MAX_CHAIN_DEPTH } from './chain-depth';
import type { TriggeredTask } from './event-triggered-tasks';

const FAILURES = new Set(['run.failed', 'run.timed_out']);

export interface StoppedChain {
  taskKey: string;
  eventId: number;
  depth: number;
  /** The tasks the chain went round, oldest first (`a → b → a`). */
  loop: string[];
}

export async function triggeredRequests(
  tx: Pick<WriteTx, 'run' | 'event'>,
  tasks: TriggeredTask[],
  events: EventRow[],
  actor: Actor,
): Promise<{ requests: QueueRequest[]; stopped: StoppedChain[] }> {
  const matched = events.flatMap((event) =>
    tasks
      // A task is never started by an event its own run published (that would loop for ever).
      .filter((task) => triggerMatches(task, event) && !(task.taskKey === null && event.taskKey === task.key))
      .map((task) => ({ task, event })),
  );
  if (matched.length === 0) return { requests: [], stopped: [] };
  const failedRuns = matched.flatMap(({ task, event }) => (task.taskKey !== null && FAILURES.has(event.type) && event.runId !== null ? [event.runId] : []));
  const retried = new Set(
    failedRuns.length ? (await tx.run.findMany({ where: { retryOfId: { in: failedRuns } }, select: { retryOfId: true } })).map((r) => r.retryOfId) : [],
  );
  const final = matched.filter(({ task, event }) => !(task.taskKey !== null && FAILURES.has(event.type) && retried.has(event.runId)));
  const depths = await chainDepths(tx, final.flatMap(({ event }) => (event.runId === null ? [] : [event.runId])));
  const requests: QueueRequest[] = [];
  const stopped: StoppedChain[] = [];
  for (const { task, event } of final) {
    const above = event.runId === null ? undefined : depths.get(event.runId);
    const depth = (above?.depth ?? 0) + 1;
    if (depth <= MAX_CHAIN_DEPTH) {
      requests.push({ task: { id: task.id }, trigger: 'event', eventId: event.id });
      continue;
    }
    const chain = { taskKey: task.key, eventId: event.id, depth, loop: chainLoop([task.key, ...(above?.keys ?? [])]) };
    stopped.push(chain);
    await recordEvent({
      db: tx,
      type: 'task.chain_stopped',
      actor,
      taskId: task.id,
      taskKey: task.key,
      runId: event.runId,
      payload: { eventId: event.id, eventType: event.type, depth, limit: MAX_CHAIN_DEPTH, loop: chain.loop },
    });
  }
  return { requests, stopped };
}
