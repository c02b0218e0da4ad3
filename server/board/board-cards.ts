import type { Db } from '../db';
import { priorityName, type Priority, type TaskStatus } from '../tasks/constants';
import { describeSchedule, parseSchedule } from '../schedules';
import { encodeRunStrip } from './run-strip';
import { readStripRuns, type StripRow } from './strip-runs';
import { managedIn } from '../tasks/managed-task';
import { firstLine, firstStderrLines } from '../runs/first-stderr-line';

export { STRIP_RUNS } from './strip-runs';
const FAILED = new Set(['failed', 'timed_out']);
const SEARCH_TEXT_CHARS = 100;

/**
 * A card as board.get sends it: only what a card, the filters and a move
 * need (the task page reads the rest; a card's place is its order in the
 * list, not its position), with what is empty or repeated left out and the
 * schedule descriptions in one table (`schedule` indexes BoardCards.schedules),
 * so board.get stays small at 1,000 cards (it is also embedded in the page's
 * HTML). The board fills in the defaults (components/board/card.ts).
 */
export interface BoardCard {
  key: string;
  name: string;
  /** Left out when medium (the default). */
  priority?: Priority;
  /** Left out when the card before has the same status: the cards come in board order, so it is sent once per column. */
  status?: TaskStatus;
  /** Sent back by a move (optimistic concurrency of the card's place); left out when 1. */
  boardVersion?: number;
  /** Index into schedules (the description, e.g. "At 02:00 AM, every day"). */
  schedule: number;
  paused?: true;
  /** A one-time schedule that already ran. */
  spent?: true;
  labels?: { name: string; color: string | null }[];
  assignee?: string;
  /** A YAML-managed task: the job file that defines it ("jobs/backup.yaml"). */
  managedIn?: string;
  /** Epoch ms (dates as numbers: no superjson Date entries; the board formats them). */
  nextRunAt?: number;
  /** Epoch ms. */
  lastRunAt?: number;
  lastRunStatus?: string;
  /** The start of the description and the command, for the board's search. */
  searchText?: string;
  /** The last runs, newest first, encoded (run-strip.ts). */
  runs?: string;
  /** When the current streak of failed runs began (the card is failing), epoch ms. */
  failingSince?: number;
  /** The first line of the last failure's stderr (or its error), while failing. */
  failure?: string;
  /**
   * The task's running run (the oldest, when several), for the Running badge and its live-log link.
   * Left out when it is the strip's newest run (the board reads it there); null when the strip's
   * newest reads running but that run has finished since (the two reads are not one snapshot).
   */
  runningRunId?: number | null;
  /** When that run started, epoch ms; left out while it has not written its start yet. */
  runningSince?: number;
  /** Runs waiting for a worker (left out when none). */
  queued?: number;
  /** Open alert incidents on the task, the card's red badge (left out when none). */
  alerts?: number;
  /** The chain mark's label ("Runs after nightly-backup; Starts report-mail"): event-triggered or followed by another task (left out when neither). */
  chain?: string;
}

export interface BoardCards {
  /** Each with its status (getBoard counts the columns, then leaves the repeats out). */
  cards: (BoardCard & { status: TaskStatus })[];
  /** Schedule descriptions, each once. */
  schedules: string[];
  /** Cards per column, of all of them (with firstPerColumn, more than `cards` holds). */
  counts: Map<string, number>;
}

const BOARD_ORDER = [{ status: 'asc' }, { position: 'asc' }, { id: 'asc' }] as const;

/**
 * The ids of each column's first `perColumn` cards in board order, and every column's count: one
 * narrow read of the task table (ids and statuses only), so the cards, labels and strips are then
 * read for those tasks alone.
 */
async function firstOfEachColumn(db: Db, perColumn: number): Promise<{ ids: number[]; counts: Map<string, number> }> {
  const rows = await db.task.findMany({ orderBy: [...BOARD_ORDER], select: { id: true, status: true } });
  const counts = new Map<string, number>();
  const ids: number[] = [];
  for (const row of rows) {
    const n = (counts.get(row.status) ?? 0) + 1;
    counts.set(row.status, n);
    if (n <= perColumn) ids.push(row.id);
  }
  return { ids, counts };
}

/**
 * Every card in board order (column, then position), with its strip and failure; with
 * `firstPerColumn`, only each column's first cards (the board page's first render), with the
 * counts of all.
 */
export async function listBoardCards(options: { db: Db; firstPerColumn?: number }): Promise<BoardCards> {
  const { db, firstPerColumn } = options;
  const first = firstPerColumn === undefined ? null : await firstOfEachColumn(db, firstPerColumn);
  const [tasks, byTask] = await Promise.all([
    db.task.findMany({
      ...(first && { where: { id: { in: first.ids } } }),
      orderBy: [...BOARD_ORDER],
      select: {
        id: true, key: true, name: true, priority: true, status: true, paused: true, assignee: true,
        schedule: true, scheduleKind: true, timezone: true, nextRunAt: true, lastRunAt: true, lastRunStatus: true,
        boardVersion: true, description: true, command: true, source: true, sourcePath: true, labels: { select: { name: true, color: true } },
      },
    }),
    readStripRuns(db, first?.ids),
  ]);
  const failures = new Map<number, { since: number | null; run: StripRow }>();
  for (const [taskId, runs] of byTask) {
    const finished = runs.filter((r) => r.status !== 'running');
    let streak = 0;
    while (streak < finished.length && FAILED.has(finished[streak]!.status)) streak++;
    if (streak > 0) failures.set(taskId, { since: finished[streak - 1]!.startedAt, run: finished[0]! });
  }
  const failedIds = [...failures.values()].map((f) => f.run.id);
  const [stderr, errors] = await Promise.all([
    firstStderrLines(db, failedIds),
    failedIds.length === 0 ? [] : db.run.findMany({ where: { id: { in: failedIds } }, select: { id: true, error: true } }),
  ]);
  const errorOf = new Map(errors.map((r) => [r.id, r.error]));

  const schedules: string[] = [];
  const scheduleIndex = new Map<string, number>();
  const describe = (t: { schedule: string; timezone: string }) => {
    const id = `${t.timezone} ${t.schedule}`;
    let i = scheduleIndex.get(id);
    if (i === undefined) {
      const parsed = parseSchedule(t.schedule, { timezone: t.timezone });
      i = schedules.push(parsed.ok ? describeSchedule(parsed.schedule) : `Invalid schedule: ${parsed.error.message}`) - 1;
      scheduleIndex.set(id, i);
    }
    return i;
  };
  const cards = tasks.map((t): BoardCard & { status: TaskStatus } => {
    const failing = failures.get(t.id);
    const runs = byTask.get(t.id) ?? [];
    const searchText = `${t.description.slice(0, SEARCH_TEXT_CHARS)} ${(t.command ?? '').slice(0, SEARCH_TEXT_CHARS)}`.trim();
    const failure = failing ? (stderr.get(failing.run.id) ?? firstLine(errorOf.get(failing.run.id))) : null;
    return {
      key: t.key,
      name: t.name,
      ...(priorityName(t.priority) !== 'medium' && { priority: priorityName(t.priority) }),
      status: t.status as TaskStatus,
      ...(t.boardVersion !== 1 && { boardVersion: t.boardVersion }),
      schedule: describe(t),
      ...(t.paused && { paused: true }),
      ...(t.scheduleKind === 'once' && t.lastRunAt !== null && { spent: true }),
      ...(t.labels.length > 0 && { labels: t.labels }),
      ...(t.assignee && { assignee: t.assignee }),
      ...(managedIn(t) !== null && { managedIn: managedIn(t)! }),
      ...(t.nextRunAt && { nextRunAt: t.nextRunAt.getTime() }),
      ...(t.lastRunAt && { lastRunAt: t.lastRunAt.getTime() }),
      ...(t.lastRunStatus && { lastRunStatus: t.lastRunStatus }),
      ...(searchText && { searchText }),
      ...(runs.length > 0 && {
        runs: encodeRunStrip(
          runs.map((r) => ({
            id: r.id,
            status: r.status,
            startedAt: r.startedAt === null ? null : Math.floor(r.startedAt / 60_000),
            durationDs: r.durationMs === null ? null : Math.round(r.durationMs / 100),
          })),
        ),
      }),
      ...(failing?.since && { failingSince: failing.since }),
      ...(failure && { failure }),
    };
  });
  const counts = first?.counts ?? new Map<string, number>();
  if (!first) for (const card of cards) counts.set(card.status, (counts.get(card.status) ?? 0) + 1);
  return { cards, schedules, counts };
}
