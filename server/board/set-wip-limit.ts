import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { recordEvent } from '../events/record-event';
import { STATUS_TITLES, type TaskStatus } from '../tasks/constants';

export interface SetWipLimitOptions {
  db: Db;
  status: TaskStatus;
  /** Null removes the limit. */
  wipLimit: number | null;
  actor: Actor;
}

/** Sets (or clears) a column's work-in-progress limit; recorded as a board.wip_limit_set event. */
export async function setWipLimit(options: SetWipLimitOptions): Promise<{ status: TaskStatus; wipLimit: number | null }> {
  return writeTransaction(options.db, async (tx) => {
    const row = await tx.boardColumn.upsert({
      where: { status: options.status },
      create: { status: options.status, wipLimit: options.wipLimit },
      update: { wipLimit: options.wipLimit },
    });
    await recordEvent({
      db: tx,
      type: 'board.wip_limit_set',
      actor: options.actor,
      payload: { status: options.status, column: STATUS_TITLES[options.status], wipLimit: options.wipLimit },
    });
    return { status: options.status, wipLimit: row.wipLimit };
  });
}
