// Names for the feed's sentences: task names by task id (an event keeps the key
// it had; a renamed task still reads by its current name) and people's names by
// user id ("Ada", not ada@example.com). Two small lookups per page.
import type { Db } from '../db';
import { describeEvent } from './describe-event';

export interface EventRow {
  id: number;
  type: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  taskId: number | null;
  taskKey: string | null;
  runId: number | null;
  payload: unknown;
}

export const EVENT_ROW_SELECT = {
  id: true,
  type: true,
  at: true,
  actorType: true,
  actorId: true,
  actorName: true,
  taskId: true,
  taskKey: true,
  runId: true,
  payload: true,
} as const;

export interface Names {
  task(e: EventRow): string | null;
  person(e: EventRow): string | null;
  describe(e: EventRow): string;
}

export async function loadNames(db: Db, rows: readonly EventRow[]): Promise<Names> {
  const taskIds = [...new Set(rows.flatMap((e) => (e.taskId === null ? [] : [e.taskId])))];
  const userIds = [...new Set(rows.flatMap((e) => (e.actorType === 'user' && e.actorId ? [e.actorId] : [])))];
  const [tasks, users] = await Promise.all([
    taskIds.length ? db.task.findMany({ where: { id: { in: taskIds } }, select: { id: true, name: true } }) : [],
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
  ]);
  const taskName = new Map(tasks.map((t) => [t.id, t.name]));
  const userName = new Map(users.map((u) => [u.id, u.name.trim()]));
  const deletedName = (e: EventRow): string | null => {
    const p = e.payload as { name?: unknown } | null;
    return e.type === 'task.deleted' && typeof p?.name === 'string' ? p.name : null;
  };
  const names: Names = {
    task: (e) => (e.taskId !== null ? (taskName.get(e.taskId) ?? null) : null) ?? deletedName(e),
    person: (e) => (e.actorType === 'user' && e.actorId ? userName.get(e.actorId) || null : null),
    describe: (e) => describeEvent({ ...e, taskName: names.task(e), actorDisplayName: names.person(e) }),
  };
  return names;
}
