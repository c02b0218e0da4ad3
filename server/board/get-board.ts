import { openIncidentCounts } from '../alerts/incidents';
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
  /** Tasks with open alert incidents, and how many (the card's red badge). */
  alerts: { taskKey: string; open: number }[];
}

/** Everything the board page shows, in one read. */
export async function getBoard(options: { db: Db }): Promise<BoardView> {
  const { db } = options;
  const [{ cards: tasks, schedules }, settings, keys, running, queued, alerts] = await Promise.all([
    listBoardCards({ db }),
    db.boardColumn.findMany(),
    db.task.findMany({ select: { id: true, key: true } }),
    // Running runs are few; queued ones can be thousands (a backlog), so they are counted per task, not read.
    db.run.findMany({ where: { status: 'running' }, select: { id: true, taskId: true, startedAt: true }, orderBy: { id: 'asc' } }),
    db.run.groupBy({ by: ['taskId'], where: { status: 'queued' }, _count: { _all: true } }),
    openIncidentCounts(db),
  ]);
  const columns = TASK_STATUSES.map((status) => ({
    status,
    title: STATUS_TITLES[status],
    wipLimit: settings.find((c) => c.status === status)?.wipLimit ?? null,
    count: tasks.filter((t) => t.status === status).length,
  }));
  const keyOf = new Map(keys.map((t) => [t.id, t.key]));
  const runningByTask = new Map<string, BoardView['running'][number]>();
  for (const run of running) {
    const taskKey = keyOf.get(run.taskId);
    if (taskKey !== undefined && !runningByTask.has(taskKey)) runningByTask.set(taskKey, { taskKey, runId: run.id, startedAt: run.startedAt });
  }
  return {
    columns,
    tasks,
    schedules,
    running: [...runningByTask.values()],
    queued: queued.flatMap((g) => (keyOf.has(g.taskId) ? [{ taskKey: keyOf.get(g.taskId)!, count: g._count._all }] : [])),
    alerts: [...alerts].flatMap(([taskId, open]) => (keyOf.has(taskId) ? [{ taskKey: keyOf.get(taskId)!, open }] : [])),
  };
}
