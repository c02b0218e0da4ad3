import { providerOf, type Db, type Provider } from '../db';
import { readTs } from '../queue/sql';
import { priorityName, type Priority, type TaskStatus } from '../tasks/constants';
import { describeSchedule, parseSchedule } from '../schedules';
import { encodeRunStrip } from './run-strip';
import { managedIn } from '../tasks/managed-task';
import { firstLine, firstStderrLines } from '../runs/first-stderr-line';

/** Runs on a card's history strip. */
export const STRIP_RUNS = 10;
const FAILED = new Set(['failed', 'timed_out']);
const SEARCH_TEXT_CHARS = 100;

/**
 * A card as board.get sends it: only what a card, the filters and a move
 * need (the task page reads the rest), with what is empty left out and the
 * schedule descriptions in one table (`schedule` indexes BoardCards.schedules),
 * so board.get stays small at 1,000 cards (it is also embedded in the page's
 * HTML). The board fills in the defaults (components/board/card.ts).
 */
export interface BoardCard {
  key: string;
  name: string;
  /** Left out when medium (the default). */
  priority?: Priority;
  status: TaskStatus;
  position: number;
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
  /** The task's running run (the oldest, when several), for the Running badge and its live-log link. */
  runningRunId?: number;
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
  cards: BoardCard[];
  /** Schedule descriptions, each once. */
  schedules: string[];
}

type StripRow = { id: number; taskId: number; status: string; startedAt: unknown; durationMs: number | null; error: string | null };

const STRIP_COLUMNS = ['id', '"taskId"', 'status', '"startedAt"', '"durationMs"', 'error'];

/**
 * The last STRIP_RUNS runs of every task that got past the queue, in one read
 * that stays bounded per task (index Run(taskId, id), newest first, ten steps a
 * task), so board.get does not grow with history: PostgreSQL with a lateral
 * join, SQLite (no LATERAL) by joining each task's runs from its tenth-newest id.
 */
function stripSql(provider: Provider): string {
  if (provider === 'postgresql')
    return `SELECT r.* FROM "Task" t CROSS JOIN LATERAL (
        SELECT ${STRIP_COLUMNS.join(', ')} FROM "Run" WHERE "taskId" = t.id AND status <> 'queued' ORDER BY id DESC LIMIT ${STRIP_RUNS}) r
      ORDER BY r."taskId", r.id DESC`;
  // CROSS JOIN keeps Task the outer loop on SQLite.
  return `SELECT ${STRIP_COLUMNS.map((c) => `r.${c}`).join(', ')} FROM "Task" t CROSS JOIN "Run" r
    WHERE r."taskId" = t.id AND r.status <> 'queued'
      AND r.id >= COALESCE((SELECT x.id FROM "Run" x WHERE x."taskId" = t.id AND x.status <> 'queued'
                            ORDER BY x.id DESC LIMIT 1 OFFSET ${STRIP_RUNS - 1}), 0)
    ORDER BY r."taskId", r.id DESC`;
}

/** Every card in board order (column, then position), with its strip and failure. */
export async function listBoardCards(options: { db: Db }): Promise<BoardCards> {
  const { db } = options;
  const [tasks, strips] = await Promise.all([
    db.task.findMany({
      orderBy: [{ status: 'asc' }, { position: 'asc' }, { id: 'asc' }],
      select: {
        id: true, key: true, name: true, priority: true, status: true, position: true, paused: true, assignee: true,
        schedule: true, scheduleKind: true, timezone: true, nextRunAt: true, lastRunAt: true, lastRunStatus: true,
        boardVersion: true, description: true, command: true, source: true, sourcePath: true, labels: { select: { name: true, color: true } },
      },
    }),
    db.$queryRawUnsafe<StripRow[]>(stripSql(providerOf(db))),
  ]);
  const byTask = new Map<number, StripRow[]>();
  for (const row of strips) {
    const taskId = Number(row.taskId);
    const list = byTask.get(taskId) ?? [];
    list.push(row);
    byTask.set(taskId, list);
  }
  const failures = new Map<number, { since: Date | null; run: StripRow }>();
  for (const [taskId, runs] of byTask) {
    const finished = runs.filter((r) => r.status !== 'running');
    let streak = 0;
    while (streak < finished.length && FAILED.has(finished[streak]!.status)) streak++;
    if (streak > 0) failures.set(taskId, { since: readTs(finished[streak - 1]!.startedAt), run: finished[0]! });
  }
  const stderr = await firstStderrLines(db, [...failures.values()].map((f) => Number(f.run.id)));

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
  const cards = tasks.map((t): BoardCard => {
    const failing = failures.get(t.id);
    const runs = byTask.get(t.id) ?? [];
    const searchText = `${t.description.slice(0, SEARCH_TEXT_CHARS)} ${(t.command ?? '').slice(0, SEARCH_TEXT_CHARS)}`.trim();
    const failure = failing ? (stderr.get(Number(failing.run.id)) ?? firstLine(failing.run.error)) : null;
    return {
      key: t.key,
      name: t.name,
      ...(priorityName(t.priority) !== 'medium' && { priority: priorityName(t.priority) }),
      status: t.status as TaskStatus,
      position: t.position,
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
          runs.map((r) => {
            const startedAt = readTs(r.startedAt);
            return {
              id: Number(r.id),
              status: r.status,
              startedAt: startedAt ? Math.floor(startedAt.getTime() / 60_000) : null,
              durationDs: r.durationMs === null ? null : Math.round(Number(r.durationMs) / 100),
            };
          }),
        ),
      }),
      ...(failing?.since && { failingSince: failing.since.getTime() }),
      ...(failure && { failure }),
    };
  });
  return { cards, schedules };
}
