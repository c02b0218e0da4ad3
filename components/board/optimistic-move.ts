import { isStoppedColumn, type TaskStatus } from '@/server/tasks/constants';
import { withStatuses } from './card';

interface BoardData {
  /** board.get's cards in board order: a card without a next run leaves `nextRunAt` out, one in the card before's column its status. */
  tasks: { key: string; status?: TaskStatus; nextRunAt?: unknown; boardVersion?: number }[];
  columns: { status: TaskStatus; count: number }[];
}

interface MoveInput {
  key: string;
  toStatus: TaskStatus;
  afterKey?: string | null;
  beforeKey?: string | null;
  /** The card's boardVersion the drop was made on: the server bumps it by one when the move succeeds. */
  expectedBoardVersion?: number;
}

/**
 * The board as it will be after a move, before the server answers: the card in
 * its new column between its neighbours, at the end of the column without
 * them (the server puts it there too and its answer replaces this one). Every
 * card then carries its status, since the move breaks the columns' runs. The
 * moved card carries the version the move gives it, so a next move picked up
 * before the board's refetch lands is not refused as stale (409).
 */
export function optimisticMove<T extends BoardData>(board: T, input: MoveInput): T {
  const all = withStatuses(board.tasks);
  const moved = all.find((t) => t.key === input.key);
  if (!moved) return board;
  const { nextRunAt: _next, ...rest } = moved;
  const placed = {
    ...(isStoppedColumn(input.toStatus) ? rest : moved),
    status: input.toStatus,
    ...(input.expectedBoardVersion !== undefined && { boardVersion: input.expectedBoardVersion + 1 }),
  };
  const others = all.filter((t) => t.key !== input.key);
  const indexOf = (key: string | null | undefined) =>
    key ? others.findIndex((t) => t.key === key && t.status === input.toStatus) : -1;
  const after = indexOf(input.afterKey);
  const before = indexOf(input.beforeKey);
  const lastInColumn = others.findLastIndex((t) => t.status === input.toStatus);
  const slot = after >= 0 ? after + 1 : before >= 0 ? before : lastInColumn >= 0 ? lastInColumn + 1 : others.length;
  const tasks = [...others.slice(0, slot), placed, ...others.slice(slot)];
  const columns = board.columns.map((c) => ({ ...c, count: tasks.filter((t) => t.status === c.status).length }));
  return { ...board, tasks, columns };
}
