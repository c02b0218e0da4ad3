import type { Db } from '../db';
import { STATUS_TITLES, TASK_STATUSES, type TaskStatus } from '../tasks/constants';
import { listBoardCards, type BoardCard } from './board-cards';

export interface BoardColumnView {
  status: TaskStatus;
  title: string;
  wipLimit: number | null;
  /** Cards in the column (unfiltered). */
  count: number;
}

export interface BoardView {
  columns: BoardColumnView[];
  /** Every card in board order (column, then position): the card view, not the whole task. */
  tasks: BoardCard[];
  /** The cards' schedule descriptions (BoardCard.schedule indexes it). */
  schedules: string[];
  /** Tasks with a run running now, and since when (the oldest running run). */
  running: { taskKey: string; runId: number; startedAt: Date | null }[];
  /** Tasks with runs waiting for a worker, and how many. */
  queued: { taskKey: string; count: number }[];
}

/** Everything the board page shows, in one read. */
export async function getBoard(options: { db: Db }): Promise<BoardView> {
  const { db } = options;
  const [{ cards: tasks, schedules }, settings, active] = await Promise.all([
    listBoardCards({ db }),
    db.boardColumn.findMany(),
    db.run.findMany({
      where: { status: { in: ['running', 'queued'] } },
      select: { id: true, status: true, startedAt: true, task: { select: { key: true } } },
      orderBy: { id: 'asc' },
    }),
  ]);
  const columns = TASK_STATUSES.map((status) => ({
    status,
    title: STATUS_TITLES[status],
    wipLimit: settings.find((c) => c.status === status)?.wipLimit ?? null,
    count: tasks.filter((t) => t.status === status).length,
  }));
  const running = new Map<string, BoardView['running'][number]>();
  const queued = new Map<string, number>();
  for (const run of active) {
    if (run.status === 'running') {
      if (!running.has(run.task.key))
        running.set(run.task.key, { taskKey: run.task.key, runId: run.id, startedAt: run.startedAt });
    } else queued.set(run.task.key, (queued.get(run.task.key) ?? 0) + 1);
  }
  return {
    columns,
    tasks,
    schedules,
    running: [...running.values()],
    queued: [...queued].map(([taskKey, count]) => ({ taskKey, count })),
  };
}
