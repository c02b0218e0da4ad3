import { isStoppedColumn, type TaskStatus } from '@/server/tasks/constants';

const STEP = 1024;

interface BoardData {
  /** board.get's cards: a card without a next run leaves `nextRunAt` out. */
  tasks: { key: string; status: TaskStatus; position: number; nextRunAt?: unknown }[];
  columns: { status: TaskStatus; count: number }[];
}

interface MoveInput {
  key: string;
  toStatus: TaskStatus;
  afterKey?: string | null;
  beforeKey?: string | null;
}

/**
 * The board as it will be after a move, before the server answers: the card in
 * its new column between its neighbours (the server computes the real
 * position the same way and its answer replaces this one).
 */
export function optimisticMove<T extends BoardData>(board: T, input: MoveInput): T {
  const moved = board.tasks.find((t) => t.key === input.key);
  if (!moved) return board;
  const column = board.tasks
    .filter((t) => t.status === input.toStatus && t.key !== input.key)
    .sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
  const find = (key: string | null | undefined) => (key ? column.findIndex((t) => t.key === key) : -1);
  const after = find(input.afterKey);
  const before = find(input.beforeKey);
  const slot = after >= 0 ? after + 1 : before >= 0 ? before : column.length;
  const lower = column[slot - 1]?.position;
  const upper = column[slot]?.position;
  const position =
    lower !== undefined && upper !== undefined
      ? (lower + upper) / 2
      : lower !== undefined
        ? lower + STEP
        : upper !== undefined
          ? upper - STEP
          : STEP;
  const stopping = isStoppedColumn(input.toStatus);
  const tasks = board.tasks.map((t) => {
    if (t.key !== input.key) return t;
    const { nextRunAt: _next, ...rest } = t;
    return { ...(stopping ? rest : t), status: input.toStatus, position };
  });
  const columns = board.columns.map((c) => ({ ...c, count: tasks.filter((t) => t.status === c.status).length }));
  return { ...board, tasks, columns };
}
