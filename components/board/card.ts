import type { BoardCard } from '@/server/board/board-cards';
import { newestStripRun } from '@/server/board/run-strip';
import type { TaskStatus } from '@/server/tasks/constants';

/** A card as the board's components read it: board.get's compact card with its defaults filled in. */
export interface Card {
  key: string;
  name: string;
  priority: NonNullable<BoardCard['priority']>;
  status: TaskStatus;
  boardVersion: number;
  scheduleDescription: string;
  paused: boolean;
  /** A one-time schedule that already ran. */
  spent: boolean;
  labels: { name: string; color: string | null }[];
  assignee: string | null;
  managedIn: string | null;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  lastRunStatus: string | null;
  searchText: string;
  runs: string;
  failingSince: Date | null;
  failure: string | null;
  /** The running run (null: none), when it started (null: not written yet), and the runs waiting. */
  runningRunId: number | null;
  runningSince: Date | null;
  queued: number;
  /** Open alert incidents (the red badge). */
  alerts: number;
  /** The chain mark's label (absent or null: not in a chain). */
  chain?: string | null;
}

const dateOf = (ms: number | undefined) => (ms === undefined ? null : new Date(ms));

/**
 * board.get's cards in board order, each with its status (sent only where the
 * column changes: a card without one is in the card before's column).
 */
export function withStatuses<T extends { status?: TaskStatus }>(cards: T[]): (T & { status: TaskStatus })[] {
  let status: TaskStatus = 'todo';
  return cards.map((card) => {
    status = card.status ?? status;
    return card.status === status ? (card as T & { status: TaskStatus }) : { ...card, status };
  });
}

/** board.get's cards as the board reads them, in board order. */
export function cardsOf(data: { tasks: BoardCard[]; schedules: string[] }): Card[] {
  return withStatuses(data.tasks).map((card) => cardOf(card, data.schedules));
}

function cardOf(card: BoardCard & { status: TaskStatus }, schedules: string[]): Card {
  // runningRunId left out: the running run is the strip's newest, if it reads running.
  const newest = card.runningRunId === undefined ? newestStripRun(card.runs) : undefined;
  return {
    key: card.key,
    name: card.name,
    priority: card.priority ?? 'medium',
    status: card.status,
    boardVersion: card.boardVersion ?? 1,
    scheduleDescription: schedules[card.schedule] ?? '',
    paused: card.paused ?? false,
    spent: card.spent ?? false,
    labels: card.labels ?? [],
    assignee: card.assignee ?? null,
    managedIn: card.managedIn ?? null,
    nextRunAt: dateOf(card.nextRunAt),
    lastRunAt: dateOf(card.lastRunAt),
    lastRunStatus: card.lastRunStatus ?? null,
    searchText: card.searchText ?? '',
    runs: card.runs ?? '',
    failingSince: dateOf(card.failingSince),
    failure: card.failure ?? null,
    runningRunId: card.runningRunId !== undefined ? card.runningRunId : newest?.status === 'running' ? newest.id : null,
    runningSince: dateOf(card.runningSince),
    queued: card.queued ?? 0,
    alerts: card.alerts ?? 0,
    chain: card.chain ?? null,
  };
}
