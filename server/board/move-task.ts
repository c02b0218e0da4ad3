import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import { queueRuns } from '../queue/queue-runs';
import { cancelRunInTransaction } from '../runs/cancel-run';
import { isStoppedColumn, STATUS_TITLES, type TaskStatus } from '../tasks/constants';
import { loadTaskForWrite } from '../tasks/load-task-for-write';
import { nextRunFromNow } from '../tasks/next-run-from-now';
import { taskInclude, toTaskView, type TaskView } from '../tasks/task-view';
import { placeInColumn } from './place-in-column';

export interface MoveTaskOptions {
  db: Db;
  key: string;
  toStatus: TaskStatus;
  /** Neighbours in the target column as the mover saw them (see placeInColumn). */
  afterKey?: string | null;
  beforeKey?: string | null;
  /**
   * The card's boardVersion the mover saw: a stale one is refused with
   * CONFLICT. Left out (a REST move without If-Match), the card as it is now is
   * the one moved; a write landing between the read and the update still fails.
   */
  expectedBoardVersion?: number;
  /** To Done/Cancelled: also cancel a running run (otherwise it keeps running). */
  cancelRunning?: boolean;
  actor: Actor;
  now?: Date;
}

export interface MoveTaskResult {
  task: TaskView;
  /** Queued runs cancelled because the card left the active columns. */
  cancelledRunIds: number[];
  /** Running runs asked to stop (cancelRunning). */
  cancelRequestedRunIds: number[];
  /** The manual run queued by a move to In progress. */
  queuedRunId: number | null;
}

/**
 * A person moves a card (PRODUCT.md "The board and the worker together"), in
 * one transaction:
 * - to Done/Cancelled: the schedule stops (nextRunAt null), queued runs are
 *   cancelled, a running run keeps running unless cancelRunning;
 * - out of Done/Cancelled: the schedule resumes counting from now (no burst);
 * - into In progress from another column: a manual run is queued ("run now",
 *   queueRuns inside this transaction: the NOTIFY goes out at its commit);
 * - always: the position between the given neighbours (one row written, see
 *   placeInColumn), boardVersion bumped (the definition's version is left
 *   alone: a move never makes a form edit conflict), and a task.moved event
 *   with the actor.
 */
export async function moveTask(options: MoveTaskOptions): Promise<MoveTaskResult> {
  const now = options.now ?? new Date();
  return writeTransaction(options.db, async (tx) => {
    const row = await loadTaskForWrite(tx, options.key);
    if (options.expectedBoardVersion !== undefined && row.boardVersion !== options.expectedBoardVersion) throw staleMove(row.name);
    const from = row.status;
    const to = options.toStatus;
    if (options.afterKey === row.key || options.beforeKey === row.key) {
      throw new AppError('BAD_REQUEST', 'A card cannot be placed next to itself: afterKey and beforeKey must name other cards');
    }
    const { position } = await placeInColumn(tx, {
      taskId: row.id,
      status: to,
      afterKey: options.afterKey,
      beforeKey: options.beforeKey,
    });

    const data: { status: string; position: number; nextRunAt?: Date | null; scheduleAnchorAt?: Date } = { status: to, position };
    if (from !== to && isStoppedColumn(to) && !isStoppedColumn(from)) data.nextRunAt = null;
    if (from !== to && isStoppedColumn(from) && !isStoppedColumn(to)) {
      const next = nextRunFromNow(row, !row.paused, now);
      data.nextRunAt = next.nextRunAt;
      data.scheduleAnchorAt = next.anchor;
    }
    const { count } = await tx.task.updateMany({
      where: { id: row.id, boardVersion: row.boardVersion },
      data: { ...data, boardVersion: { increment: 1 }, updatedBy: options.actor.name },
    });
    if (count !== 1) throw staleMove(row.name);

    const cancelledRunIds: number[] = [];
    const cancelRequestedRunIds: number[] = [];
    if (from !== to && isStoppedColumn(to)) {
      const statuses = options.cancelRunning ? ['queued', 'running'] : ['queued'];
      const runs = await tx.run.findMany({
        where: { taskId: row.id, status: { in: statuses } },
        select: { id: true, status: true },
      });
      for (const run of runs) {
        const outcome = await cancelRunInTransaction(tx, { ...run, task: { id: row.id, key: row.key } }, options.actor, now);
        if (outcome === 'cancelled') cancelledRunIds.push(run.id);
        if (outcome === 'cancel_requested') cancelRequestedRunIds.push(run.id);
      }
    }
    let queuedRunId: number | null = null;
    if (from !== to && to === 'in_progress') {
      [queuedRunId = null] = await queueRuns({ db: options.db, tx, task: { id: row.id }, trigger: 'manual', actor: options.actor, now });
    }

    await recordEvent({
      db: tx,
      type: 'task.moved',
      actor: options.actor,
      taskId: row.id,
      taskKey: row.key,
      runId: queuedRunId,
      payload: {
        from,
        to,
        fromTitle: STATUS_TITLES[from as TaskStatus] ?? from,
        toTitle: STATUS_TITLES[to],
        position,
        reason: 'board',
        boardVersion: row.boardVersion + 1,
        ...(cancelledRunIds.length > 0 && { cancelledRunIds }),
        ...(cancelRequestedRunIds.length > 0 && { cancelRequestedRunIds }),
      },
    });
    const task = toTaskView(await tx.task.findUniqueOrThrow({ where: { id: row.id }, include: taskInclude }));
    return { task, cancelledRunIds, cancelRequestedRunIds, queuedRunId };
  });
}

const staleMove = (name: string) =>
  new AppError('CONFLICT', `“${name}” was changed by someone else (moved) while you were moving it; reload the board and try again`);
