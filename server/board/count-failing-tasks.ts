import type { Db } from '../db';
import { FAILING_RUN_STATUSES } from '../tasks/constants';

/**
 * How many tasks are failing: their last finished run failed or timed out
 * (`lastRunStatus`, which the worker writes as each run finishes). The header
 * shows it on every page and refetches it on run events, so it is one count,
 * not the board's card view.
 */
export async function countFailingTasks(options: { db: Db }): Promise<{ count: number }> {
  const count = await options.db.task.count({ where: { lastRunStatus: { in: [...FAILING_RUN_STATUSES] } } });
  return { count };
}
