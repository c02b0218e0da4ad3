import type { WriteTx } from '../db/write-transaction';
import { AppError } from '../errors';
import { POSITION_STEP } from '../tasks/positions';

/** Below this gap between neighbours a column is renumbered (a float halves ~40 times from 1024 before it gets here). */
export const MIN_POSITION_GAP = 1e-9 * POSITION_STEP;

/**
 * The position for a card dropped into `status` after `afterKey` / before
 * `beforeKey` (the neighbours the person saw; the other side is read from the
 * database, so a filtered view still lands between real neighbours). Usually
 * the midpoint and nothing else is written; when the gap is too small the
 * column's other cards are renumbered first (inside the caller's transaction).
 */
export async function placeInColumn(
  tx: WriteTx,
  options: { taskId: number; status: string; afterKey?: string | null; beforeKey?: string | null },
): Promise<{ position: number; renumbered: boolean }> {
  const others = await tx.task.findMany({
    where: { status: options.status, id: { not: options.taskId } },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    select: { id: true, key: true, position: true },
  });
  const indexOf = (key: string) => {
    const i = others.findIndex((t) => t.key === key);
    if (i < 0)
      throw new AppError(
        'CONFLICT',
        `Task '${key}' is no longer in that column; the board changed meanwhile, reload and try again`,
      );
    return i;
  };
  // The index in `others` the moved card goes before.
  const slot = options.afterKey ? indexOf(options.afterKey) + 1 : options.beforeKey ? indexOf(options.beforeKey) : others.length;
  let lower = others[slot - 1]?.position;
  let upper = others[slot]?.position;
  if (lower !== undefined && upper !== undefined && upper - lower < MIN_POSITION_GAP) {
    for (const [i, t] of others.entries()) {
      const position = (i < slot ? i + 1 : i + 2) * POSITION_STEP;
      if (position !== t.position) await tx.task.update({ where: { id: t.id }, data: { position } });
    }
    return { position: (slot + 1) * POSITION_STEP, renumbered: true };
  }
  if (lower === undefined && upper === undefined) return { position: POSITION_STEP, renumbered: false };
  if (lower === undefined) lower = upper! - 2 * POSITION_STEP;
  if (upper === undefined) upper = lower + 2 * POSITION_STEP;
  return { position: (lower + upper) / 2, renumbered: false };
}
