import type { Db } from '../db/client';
import type { Provider } from '../db/url';
import { providerOf } from '../db/client';
import type { Actor } from '../auth/actor';
import type { TaskStatus } from '../tasks/constants';
import { columnWhenStarted } from './board-effects';
import type { ClaimedRun, ClaimedTask } from './claim-runs';
import { insertEvents, type QueueEvent } from './insert-events';
import { moveCardInBatch } from './move-card';
import { directKind, runPlan, sqlExecute, sqlQuery, type Plan } from './plan';
import { inList } from './sql';

export interface StartedRun {
  id: number;
  claimToken: string;
  attempt: number;
  /** run.started was recorded by the claim itself (PostgreSQL worker). */
  startRecorded?: boolean;
  /** The claimed task's columns the executor and the card move need. */
  task: Omit<ClaimedTask, 'maxInstances'>;
}

export interface StartRunsOptions {
  db: Db;
  claimed: ClaimedRun[];
  actor: Actor;
  now?: Date;
}

/**
 * After a claim: loads what the executor needs, gives back runs that broke a
 * task's overlap limit inside the batch, and records run.started and the board
 * move (Todo / In review → In progress) for the rest.
 */
export async function startRuns(options: StartRunsOptions): Promise<StartedRun[]> {
  const started = await loadClaimedRuns(options);
  await recordRunStarts({ db: options.db, started, actor: options.actor, now: options.now });
  return started;
}

/**
 * What the executor needs for a claimed batch, in claim order, in one query
 * for the tasks (the claim already returned the runs' own fields). Runs past
 * their task's overlap limit inside the batch (the claim's overlap check saw
 * none of them running) are given back in one UPDATE guarded by their tokens.
 */
export async function loadClaimedRuns(options: StartRunsOptions): Promise<StartedRun[]> {
  if (options.claimed.length === 0) return [];
  // A PostgreSQL worker's claim returned the tasks already (claim-runs.ts).
  const fromClaim = options.claimed.every((c) => c.task);
  const taskIds = [...new Set(options.claimed.map((c) => c.taskId))];
  const tasks = new Map(
    fromClaim ? options.claimed.map((c) => [c.taskId, c.task!]) : (await loadTasks(options.db, taskIds)).map((t) => [t.id, t]),
  );
  const ordered = [...options.claimed].sort(
    (a, b) => b.priority - a.priority || a.availableAt.getTime() - b.availableAt.getTime() || a.id - b.id,
  );
  const started: StartedRun[] = [];
  const extras: string[] = [];
  const perTask = new Map<number, number>();
  for (const run of ordered) {
    const task = tasks.get(run.taskId);
    if (!task) continue; // deleted meanwhile: the cascade removed the run too
    const limit = task.overlap === 'allow' ? task.maxInstances : 1;
    const inBatch = (perTask.get(task.id) ?? 0) + 1;
    if (inBatch > limit) {
      extras.push(run.claimToken);
      continue;
    }
    perTask.set(task.id, inBatch);
    const { maxInstances: _maxInstances, ...rest } = task;
    started.push({ id: run.id, claimToken: run.claimToken, attempt: run.attempt, task: rest, startRecorded: fromClaim });
  }
  if (extras.length > 0) {
    const params: unknown[] = [];
    const tokens = inList(extras, params);
    await runPlan(
      options.db,
      () =>
        sqlExecute(
          `UPDATE "Run" SET status = 'queued', "workerId" = NULL, "claimToken" = NULL, "claimedAt" = NULL, "startedAt" = NULL, "leaseExpiresAt" = NULL
           WHERE status = 'running' AND "claimToken" IN (${tokens})`,
          params,
        ),
      { transaction: false },
    );
  }
  return started;
}

type LoadedTask = StartedRun['task'] & { maxInstances: number };
const TASK_COLUMNS = [
  'id',
  'key',
  'kind',
  'command',
  'httpMethod',
  'httpUrl',
  'httpHeaders',
  'httpBody',
  'handler',
  'payload',
  'cwd',
  'env',
  'timeoutSeconds',
  'overlap',
  'maxInstances',
  'status',
] as const;

/**
 * The executor's view of the tasks of a batch. On a direct connection it is
 * raw SQL (JSON columns are text on SQLite); otherwise Prisma,
 * which decodes the JSON columns of either provider.
 */
async function loadTasks(db: Db, ids: number[]): Promise<LoadedTask[]> {
  const kind = directKind(db);
  if (!kind) {
    const select = Object.fromEntries(TASK_COLUMNS.map((c) => [c, true])) as Record<(typeof TASK_COLUMNS)[number], true>;
    return db.task.findMany({ where: { id: { in: ids } }, select });
  }
  const params: unknown[] = [];
  const list = inList(ids, params);
  const rows = await runPlan(
    db,
    () =>
      sqlQuery<LoadedTask>(`SELECT ${TASK_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "Task" WHERE id IN (${list})`, params),
    {
      transaction: false,
    },
  );
  // JSON columns: text on SQLite, decoded by pg on PostgreSQL.
  const json = (v: unknown) => (kind === 'sqlite' && typeof v === 'string' ? (JSON.parse(v) as unknown) : (v ?? null));
  return rows.map((t) => ({ ...t, httpHeaders: json(t.httpHeaders), payload: json(t.payload), env: json(t.env) }));
}

export interface RecordRunStartsOptions {
  db: Db;
  started: StartedRun[];
  actor: Actor;
  now?: Date;
}

/**
 * The run.started events of a batch (one multi-row INSERT) and, per task whose
 * card is in Todo or In review, the move to In progress (guarded by the
 * column it is in now: a person may have moved the card a moment ago). The
 * worker launches the runs first and records this alongside; their finishes
 * wait for it, so the events stay in order.
 */
export async function recordRunStarts(options: RecordRunStartsOptions): Promise<void> {
  if (options.started.length === 0) return;
  const now = options.now ?? new Date();
  const provider = providerOf(options.db);
  const mayMove = options.started.some((run) => columnWhenStarted(run.task.status as TaskStatus));
  if (!mayMove && options.started.every((run) => run.startRecorded)) return;
  // The common case of a busy queue (the card is already In progress) is one INSERT.
  await runPlan(options.db, () => recordPlan(options, provider, now), { transaction: mayMove });
}

function* recordPlan(options: RecordRunStartsOptions, provider: Provider, now: Date): Plan<void> {
  const events: QueueEvent[] = options.started.filter((run) => !run.startRecorded).map((run) => ({
    type: 'run.started',
    taskId: run.task.id,
    taskKey: run.task.key,
    runId: run.id,
    payload: { attempt: run.attempt },
  }));
  const firstPerTask = new Map<number, StartedRun>();
  for (const run of options.started) if (!firstPerTask.has(run.task.id)) firstPerTask.set(run.task.id, run);
  const mayMove = [...firstPerTask.values()].filter((run) => columnWhenStarted(run.task.status as TaskStatus));
  if (mayMove.length > 0) {
    const params: unknown[] = [];
    const ids = inList(
      mayMove.map((r) => r.task.id),
      params,
    );
    const fresh = yield* sqlQuery<{ id: number; status: string }>(
      `SELECT id, status FROM "Task" WHERE id IN (${ids}) ORDER BY id ${provider === 'postgresql' ? 'FOR UPDATE' : ''}`,
      params,
    );
    for (const row of fresh) {
      const to = columnWhenStarted(row.status as TaskStatus);
      const run = firstPerTask.get(Number(row.id));
      if (!to || !run) continue;
      const moved = yield* moveCardInBatch(
        provider,
        { taskId: run.task.id, taskKey: run.task.key, from: row.status, to, runId: run.id, reason: 'run started' },
        options.actor,
        now,
      );
      if (moved) events.push(moved);
    }
  }
  yield* insertEvents(provider, options.actor, events, now);
}
