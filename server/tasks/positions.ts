import type { Db } from '../db';

/** Gap between neighbours when appending; moves between two cards take the midpoint. */
export const POSITION_STEP = 1024;

type TaskReader = Pick<Db, 'task'>;

/** A position after the last card of the column. */
export async function nextPositionAtEnd(db: TaskReader, status: string): Promise<number> {
  const last = await db.task.findFirst({ where: { status }, orderBy: { position: 'desc' }, select: { position: true } });
  return (last?.position ?? 0) + POSITION_STEP;
}
