// The board card's chain mark: for each task that is event-triggered or that
// another task runs after, the mark's label ("Runs after nightly-backup",
// "Starts report-mail"). One read of the event-triggered tasks for the whole
// board, not one per card.
import type { Db } from '../db';
import { eventTriggeredTasks } from './event-triggered-tasks';

/** Task key → the label of its chain mark (only tasks that have one). */
export async function chainMarks(db: Pick<Db, 'task'>): Promise<Map<string, string>> {
  const triggered = await eventTriggeredTasks(db);
  const after = new Map<string, string>();
  const starts = new Map<string, string[]>();
  for (const task of triggered) {
    after.set(task.key, task.taskKey === null ? `Runs when ${task.pattern} is published` : `Runs after ${task.taskKey}`);
    if (task.taskKey !== null) starts.set(task.taskKey, [...(starts.get(task.taskKey) ?? []), task.key]);
  }
  const marks = new Map<string, string>();
  for (const key of new Set([...after.keys(), ...starts.keys()])) {
    const next = starts.get(key);
    marks.set(key, [after.get(key), next && `Starts ${next.join(', ')}`].filter(Boolean).join('; '));
  }
  return marks;
}
