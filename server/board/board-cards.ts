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
}

/** Every card in board order (column, then position), with its strip and failure. */
export async function listBoardCards(options: { db: Db }): Promise<BoardCards> {
  const { db } = options;
  const [tasks, byTask] = await Promise.all([
    db.task.findMany({
      orderBy: [{ status: 'asc' }, { position: 'asc' }, { id: 'asc' }],
      select: {
        id: true, key: true, name: true, priority: true, status: true, paused: true, assignee: true,
        schedule: true, scheduleKind: true, timezone: true, nextRunAt: true, lastRunAt: true, lastRunStatus: true,
        boardVersion: true, description: true, command: true, source: true, sourcePath: true, labels: { select: { name: true, color: true } },
      },
    }),
    readStripRuns(db),
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
  return { cards, schedules };
}
