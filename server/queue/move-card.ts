import type { Db } from '../db/client';
import type { Actor } from '../auth/actor';
import { recordEvent } from '../events/record-event';
import { nextPositionAtEnd } from '../tasks/positions';
import type { TaskStatus } from '../tasks/constants';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Moves a card to the end of another column because of a run (a task.moved event with the worker as actor). */
export async function moveCardForRun(
  tx: Tx,
  task: { id: number; key: string; status: string },
  to: TaskStatus,
  actor: Actor,
  runId: number,
  reason: string,
): Promise<void> {
  await tx.task.update({
    where: { id: task.id },
    data: { status: to, position: await nextPositionAtEnd(tx, to), version: { increment: 1 }, updatedBy: actor.name },
  });
  await recordEvent({ db: tx, type: 'task.moved', actor, taskId: task.id, taskKey: task.key, runId, payload: { from: task.status, to, reason } });
}
