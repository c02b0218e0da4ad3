// What triggers what, for one task (the task page's "Triggered by" / "Triggers",
// `cronboard show --json`): the trigger in its own `on:` schedule, and the tasks
// whose `on: run.… of KEY` names it. Dependents are found by the schedule
// column (event-kind tasks whose schedule contains the key: keys are unique
// and validated), then confirmed by parsing, not by reading every task.
import type { Db } from '../db';
import { parseSchedule } from '../schedules';
import { onOutcome, type ChainOutcome } from '../schedules/parse-on';
import { taskNotFound } from '../tasks/find-task';

export type TriggeredBy =
  | { kind: 'task'; key: string; name: string | null; outcome: ChainOutcome }
  | { kind: 'event'; pattern: string };

export interface ChainLink {
  key: string;
  name: string;
  outcome: ChainOutcome;
}

export interface TaskChain {
  /** What starts this task: another task's end (name null: no such task yet) or a published event; null when it is not event-triggered. */
  triggeredBy: TriggeredBy | null;
  /** The tasks that run after this one, by key. */
  triggers: ChainLink[];
}

export async function listTaskChain(options: { db: Db; key: string }): Promise<TaskChain> {
  const { db, key } = options;
  const [row, dependents] = await Promise.all([
    db.task.findUnique({ where: { key }, select: { schedule: true, scheduleKind: true } }),
    db.task.findMany({ where: { scheduleKind: 'event', schedule: { contains: key } }, select: { key: true, name: true, schedule: true }, orderBy: { key: 'asc' } }),
  ]);
  if (!row) throw taskNotFound(key);
  const triggers = dependents.flatMap((task) => {
    const trigger = eventTrigger(task.schedule);
    return trigger?.taskKey === key ? [{ key: task.key, name: task.name, outcome: onOutcome(trigger) }] : [];
  });
  return { triggeredBy: await triggeredBy(db, row.scheduleKind === 'event' ? eventTrigger(row.schedule) : null), triggers };
}

function eventTrigger(schedule: string): { pattern: string; taskKey: string | null } | null {
  const parsed = parseSchedule(schedule);
  return parsed.ok && parsed.schedule.kind === 'event' ? parsed.schedule : null;
}

async function triggeredBy(db: Db, trigger: { pattern: string; taskKey: string | null } | null): Promise<TriggeredBy | null> {
  if (!trigger) return null;
  if (trigger.taskKey === null) return { kind: 'event', pattern: trigger.pattern };
  const source = await db.task.findUnique({ where: { key: trigger.taskKey }, select: { name: true } });
  return { kind: 'task', key: trigger.taskKey, name: source?.name ?? null, outcome: onOutcome(trigger) };
}
