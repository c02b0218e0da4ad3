import { TASK_STATUSES } from '@/server/tasks/constants';
import type { BoardCard } from '@/server/board/board-cards';
import { cardsOf, type Card } from './card';
import type { Items } from './drag-rules';
import { containerId, laneOf, lanesFor, matchesFilters, type BoardFilters, type Lane } from './filters';
import type { CardActivity } from './task-card';

/** What board.get returns that the board reads. */
export interface BoardData {
  tasks: BoardCard[];
  schedules: string[];
}

export interface BoardModel {
  tasksByKey: Map<string, Card>;
  activity: (key: string) => CardActivity;
  /** The tasks the filters keep. */
  visible: Card[];
  lanes: Lane[];
  /** The visible cards' keys per container (lane × column), in board order. */
  items: Items;
  /** Every label and assignee on the board, for the filter choices. */
  labels: string[];
  assignees: string[];
}

/** The board as the view shows it: the data (none yet while loading) under the filters. */
export function boardModel(data: BoardData | undefined, filters: BoardFilters): BoardModel {
  const tasks = data ? cardsOf(data) : [];
  const tasksByKey = new Map(tasks.map((t) => [t.key, t]));
  const activity = (key: string): CardActivity => {
    const card = tasksByKey.get(key);
    return {
      running: card?.runningRunId != null,
      runningSince: card?.runningSince ?? null,
      runningRunId: card?.runningRunId ?? null,
      queued: card?.queued ?? 0,
      alerts: card?.alerts ?? 0,
    };
  };
  const visible = tasks.filter((t) => matchesFilters(t, filters));
  const lanes = lanesFor(visible, filters.lanes);
  const items: Items = {};
  for (const lane of lanes) for (const status of TASK_STATUSES) items[containerId(lane.id, status)] = [];
  // board.get's order is board order (column, then position).
  for (const task of visible) items[containerId(laneOf(task, filters.lanes).id, task.status)]?.push(task.key);
  const labels = [...new Set(tasks.flatMap((t) => t.labels.map((l) => l.name)))].sort();
  const assignees = [...new Set(tasks.flatMap((t) => (t.assignee ? [t.assignee] : [])))].sort();
  return { tasksByKey, activity, visible, lanes, items, labels, assignees };
}
