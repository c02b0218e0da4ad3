// A chain must not loop: saving `b` with `on: run.succeeded of a` while `a`
// already runs after `b` would run them for ever. Checked whenever a task is
// saved (create, update, YAML apply: they all go through createTaskIn /
// updateTaskIn, inside their write transaction, so a YAML file that closes a
// loop is refused as a whole).
import type { WriteTx } from '../db/write-transaction';
import { AppError } from '../errors';
import type { Schedule } from '../schedules';
import { eventTriggeredTasks } from './event-triggered-tasks';

/** INVALID_SCHEDULE "cycle: a → b → a" (in run order), field `schedule`, when `key` with this schedule would close a loop. */
export async function assertNoTriggerCycle(tx: Pick<WriteTx, 'task'>, key: string, schedule: Schedule, previousKey?: string): Promise<void> {
  if (schedule.kind !== 'event' || schedule.taskKey === null) return;
  // What each task runs after, with this task's new trigger in place of its old one.
  const follows = new Map<string, string>();
  for (const task of await eventTriggeredTasks(tx)) if (task.taskKey !== null) follows.set(task.key, task.taskKey);
  if (previousKey !== undefined) follows.delete(previousKey);
  follows.set(key, schedule.taskKey);
  const path = [key];
  for (let at = schedule.taskKey; ; ) {
    path.push(at);
    if (at === key) break;
    const next = follows.get(at);
    if (next === undefined || (path.includes(next) && next !== key)) return;
    at = next;
  }
  const message = `cycle: ${path.reverse().join(' → ')} (a task cannot run, even indirectly, after itself)`;
  throw new AppError('INVALID_SCHEDULE', message, { issues: [{ path: 'schedule', message }] });
}
