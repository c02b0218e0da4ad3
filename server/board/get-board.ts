import { openIncidentCounts } from '../alerts/incidents';
import type { Db } from '../db';
import { STATUS_TITLES, TASK_STATUSES, type TaskStatus } from '../tasks/constants';
import { chainMarks } from '../triggers/chain-marks';
import { listBoardCards, type BoardCard } from './board-cards';
import { newestStripRun } from './run-strip';

export interface BoardColumnView {
  status: TaskStatus;
  title: string;
  wipLimit: number | null;
  /** Cards in the column (unfiltered). */
  count: number;
}

export interface BoardView {
  columns: BoardColumnView[];
  /** Every card in board order (column, then position): the card view, not the whole task, with its running run and queued count; a card's status only where the column changes. */
  tasks: BoardCard[];
  /** The cards' schedule descriptions (BoardCard.schedule indexes it). */
  schedules: string[];
  /** Only each column's first cards (asked with firstPerColumn; the columns' counts are of all). */
  partial?: true;
}

/**
 * Everything the board page shows, in one read; with `firstPerColumn`, only each column's first
 * cards (what the page renders at first: its server render embeds this, and the browser fetches
 * the whole board after).
 */
export async function getBoard(options: { db: Db; firstPerColumn?: number }): Promise<BoardView> {
  const { db, firstPerColumn } = options;
  const [{ cards, schedules, counts }, settings, keys, running, queued, alerts, marks] = await Promise.all([
    listBoardCards({ db, firstPerColumn }),
    db.boardColumn.findMany(),
    db.task.findMany({ select: { id: true, key: true } }),
    // Running runs are few; queued ones can be thousands (a backlog), so they are counted per task, not read.
    db.run.findMany({ where: { status: 'running' }, select: { id: true, taskId: true, startedAt: true }, orderBy: { id: 'asc' } }),
    db.run.groupBy({ by: ['taskId'], where: { status: 'queued' }, _count: { _all: true } }),
    openIncidentCounts(db),
    chainMarks(db),
  ]);
  const columns = TASK_STATUSES.map((status) => ({
    status,
    title: STATUS_TITLES[status],
    wipLimit: settings.find((c) => c.status === status)?.wipLimit ?? null,
    count: counts.get(status) ?? 0,
  }));
  const keyOf = new Map(keys.map((t) => [t.id, t.key]));
  const runningByKey = new Map<string, { id: number; startedAt: Date | null }>();
  for (const run of running) {
    const taskKey = keyOf.get(run.taskId);
    if (taskKey !== undefined && !runningByKey.has(taskKey)) runningByKey.set(taskKey, run);
  }
  const queuedByKey = new Map(queued.flatMap((g) => (keyOf.has(g.taskId) ? [[keyOf.get(g.taskId)!, g._count._all] as const] : [])));
  const openByKey = new Map([...alerts].flatMap(([taskId, open]) => (keyOf.has(taskId) ? [[keyOf.get(taskId)!, open] as const] : [])));
  let previousStatus: TaskStatus | null = null;
  const tasks = cards.map(({ status, ...card }): BoardCard => {
    const run = runningByKey.get(card.key);
    const waiting = queuedByKey.get(card.key) ?? 0;
    const open = openByKey.get(card.key) ?? 0;
    const sameColumn = status === previousStatus;
    previousStatus = status;
    // The board takes the strip's newest run as the running one when it reads running (runningRunId left out).
    const newest = newestStripRun(card.runs);
    const stripRunning = newest?.status === 'running' ? newest.id : null;
    const runningRunId = (run?.id ?? null) === stripRunning ? undefined : (run?.id ?? null);
    const chain = marks.get(card.key);
    return {
      ...card,
      ...(!sameColumn && { status }),
      ...(runningRunId !== undefined && { runningRunId }),
      ...(run?.startedAt && { runningSince: run.startedAt.getTime() }),
      ...(waiting > 0 && { queued: waiting }),
      ...(open > 0 && { alerts: open }),
      ...(chain !== undefined && { chain }),
    };
  });
  return { columns, tasks, schedules, ...(firstPerColumn !== undefined && { partial: true as const }) };
}
