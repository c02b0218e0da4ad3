import type { BoardCard } from '@/server/board/board-cards';

/** A card as the board's components read it: board.get's compact card with its defaults filled in. */
export interface Card {
  key: string;
  name: string;
  priority: NonNullable<BoardCard['priority']>;
  status: BoardCard['status'];
  position: number;
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

export function cardOf(card: BoardCard, schedules: string[]): Card {
  return {
    key: card.key,
    name: card.name,
    priority: card.priority ?? 'medium',
    status: card.status,
    position: card.position,
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
    runningRunId: card.runningRunId ?? null,
    runningSince: dateOf(card.runningSince),
    queued: card.queued ?? 0,
    alerts: card.alerts ?? 0,
    chain: card.chain ?? null,
  };
}
