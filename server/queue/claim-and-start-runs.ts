import { providerOf } from '../db/client';
import type { Provider } from '../db/url';
import type { Actor } from '../auth/actor';
import {
  CLAIM_RETURNING,
  CLAIMED_TASK_COLUMNS,
  claimedRunOf,
  claimPlan,
  claimSql,
  idsOf,
  runningOf,
  TASK_ROOM,
  type ClaimedRun,
  type ClaimedTask,
  type ClaimRunsOptions,
} from './claim-runs';
import { runPlan, sqlExecute, sqlQuery, sqlScript, type Plan } from './plan';
import { inList } from './sql';

export interface StartedRun {
  id: number;
  claimToken: string;
  attempt: number;
  /** When the run became claimable, and when this claim started it (its startedAt): the claim latency. */
  availableAt: Date;
  startedAt: Date;
  /** run.started was recorded by the claim itself (PostgreSQL). */
  startRecorded: boolean;
  /** The event this run was queued for (trigger `event`), else null. */
  eventId: number | null;
  /** The claimed task's columns the executor and the card move need. */
  task: Omit<ClaimedTask, 'maxInstances'>;
}

export interface ClaimAndStartResult {
  /** The runs to launch, best first. */
  runs: StartedRun[];
  /** How many the claim took, those given back included: the limit means more may be due. */
  claimed: number;
}

export interface ClaimAndStartRunsOptions extends ClaimRunsOptions {
  /** The claiming worker: the actor of run.started. */
  actor: Actor;
}

/** The executor's view of a task: its id and the claimed columns. */
const TASK_COLUMNS = ['id', ...CLAIMED_TASK_COLUMNS] as const;

/**
 * The worker's claim: claimRuns plus what the executor needs, so a claimed run
 * can be launched at once.
 *
 * - PostgreSQL: one transaction of two statements in one round trip (pgClaimAndStartPlan):
 *   lock the candidates and their tasks, then claim, rank the candidates per
 *   task and leave those past the task's room unclaimed (locked, not updated,
 *   released at commit), record run.started for each claimed run (a
 *   data-modifying CTE of the same statement, so the event exists exactly
 *   when the claim does) and return the task columns.
 * - SQLite: one write transaction: the claim, the tasks' columns, and the
 *   runs past their task's room inside the batch given back (one UPDATE
 *   guarded by their tokens). run.started is recorded by recordRunStarts,
 *   which the worker calls once the runs are launched.
 *
 * The card move to In progress is recordRunStarts' on both.
 */
export async function claimAndStartRuns(options: ClaimAndStartRunsOptions): Promise<ClaimAndStartResult> {
  if (options.limit <= 0) return { runs: [], claimed: 0 };
  const provider = providerOf(options.db);
  const now = options.now ?? new Date();
  // One script: its own implicit transaction, no BEGIN/COMMIT round trips.
  if (provider === 'postgresql') return runPlan(options.db, () => pgClaimAndStartPlan(options, now), { transaction: false });
  return runPlan(options.db, () => sqliteClaimAndStartPlan(options, now));
}

/**
 * Advisory-lock space of the per-task claim locks (two-key form, so it never
 * meets the one-key locks of writeTransaction's serializeOn or migrations).
 */
const PG_CLAIM_LOCK_SPACE = 14_001;

/** The claim's planner settings (transaction-local): walk the queue index in order, never sort the whole queue. */
const PG_CLAIM_PLANNER = ['SET LOCAL enable_sort = off', 'SET LOCAL enable_bitmapscan = off'];

/** Where the first statement of the PostgreSQL claim leaves the ids it locked for the second (transaction-local). */
const PG_CLAIM_IDS = 'cronboard.claim_ids';

/**
 * PostgreSQL, in one transaction of two statements sent as one script (one
 * round trip, plan.ts sqlScript):
 *
 * 1. Lock the candidate runs (FOR UPDATE SKIP LOCKED) and try a
 *    transaction-level advisory lock on each one's task; keep the candidates
 *    whose task lock this worker holds, their ids in a transaction-local
 *    setting. A task another worker is claiming for right now is skipped,
 *    not waited for.
 * 2. A NEW statement, so a new READ COMMITTED snapshot taken after the task
 *    locks were granted: every claim of those tasks by another worker has
 *    committed by then and its running runs are counted. Rank the candidates
 *    per task, claim those within the task's room, record run.started (a
 *    data-modifying CTE of the same statement) and return the task columns.
 *
 * Why two statements: a statement's snapshot is taken when it starts, so a
 * lock taken inside the statement that counts running runs would not make it
 * see a claim committed while it waited. With one statement, workers side by
 * side each counted 0 running and started two runs of a `skip`/`queue` task
 * at once (issue 14 item 1b). Why one script: as BEGIN, lock, claim, COMMIT
 * the claim took four round trips, and the PostgreSQL drain fell from 325 to
 * 88 runs/s (docs/benchmarks.md). The locks are released at its end.
 */
function* pgClaimAndStartPlan(options: ClaimAndStartRunsOptions, now: Date): Plan<ClaimAndStartResult> {
  const provider: Provider = 'postgresql';
  const c = claimSql(provider, options, now);
  const params = [...c.params, options.actor.type, options.actor.id ?? null, options.actor.name];
  const lock = `SELECT set_config('${PG_CLAIM_IDS}', COALESCE((
       SELECT json_agg(id) FROM (
         WITH candidates AS (
           SELECT r.id, r."taskId" FROM "Run" r JOIN "Task" t ON t.id = r."taskId"
           WHERE ${c.due} ${c.order} LIMIT $5 FOR UPDATE OF r SKIP LOCKED)
         SELECT id FROM candidates WHERE pg_try_advisory_xact_lock(${PG_CLAIM_LOCK_SPACE}, "taskId")) locked
     ), '[]')::text, true)`;
  const taskCols = CLAIMED_TASK_COLUMNS.map((col) => `t."${col}" AS "task_${col}"`).join(', ');
  const claim = `WITH candidates AS (
       SELECT r.id, r."taskId", r.priority, r."availableAt" FROM "Run" r
       WHERE r.id IN (${idsOf(provider, `current_setting('${PG_CLAIM_IDS}')`)}) AND r.status = 'queued'),
     ranked AS (
       SELECT c.id,
         row_number() OVER (PARTITION BY c."taskId" ORDER BY c.priority DESC, c."availableAt" ASC, c.id ASC) AS n,
         ${TASK_ROOM} - ${runningOf(provider, 'c."taskId"', '$6')} AS room
       FROM candidates c JOIN "Task" t ON t.id = c."taskId"),
     claimed AS (
       UPDATE "Run" SET ${c.set}
       FROM ranked, "Task" t
       WHERE "Run".id = ranked.id AND ranked.n <= ranked.room AND "Run".status = 'queued' AND t.id = "Run"."taskId"
       RETURNING ${CLAIM_RETURNING.map((col) => `"Run".${col}`).join(', ')}, ${taskCols}),
     started AS (
       INSERT INTO "Event" (type, at, "actorType", "actorId", "actorName", "taskId", "taskKey", "runId", payload)
       SELECT 'run.started', $3::timestamp(3), $7::text, $8::text, $9::text, c."taskId", c."task_key", c.id,
              jsonb_build_object('attempt', c.attempt)
       FROM claimed c ORDER BY c.id)
     SELECT * FROM claimed`;
  // The candidates in the queue index's order, read until the LIMIT is met. The planner otherwise
  // trusts statistics taken before a burst (a herd of 10,000 runs just queued: estimated 11 rows)
  // and reads every queued run, runs the overlap count on each and sorts them: 5,151 counts and
  // 74 ms per claim of 10, most of a PostgreSQL herd's database time. Both settings end with the script's transaction.
  const rows = yield* sqlScript<Record<string, unknown>>([...PG_CLAIM_PLANNER, lock, claim], params);
  const claimed = rows.map((r) => {
    const task: Record<string, unknown> = { id: Number(r.taskId) };
    for (const col of CLAIMED_TASK_COLUMNS) task[col] = r[`task_${col}`] ?? null;
    return { run: claimedRunOf(r, now), task: task as ClaimedTask };
  });
  return { runs: inClaimOrder(claimed).map(({ run, task }) => startedRunOf(run, task, true)), claimed: claimed.length };
}

function* sqliteClaimAndStartPlan(options: ClaimAndStartRunsOptions, now: Date): Plan<ClaimAndStartResult> {
  const provider: Provider = 'sqlite';
  const claimed = yield* claimPlan(provider, options, now);
  if (claimed.length === 0) return { runs: [], claimed: 0 };
  const params: unknown[] = [];
  const ids = inList([...new Set(claimed.map((c) => c.taskId))], params);
  params.push(JSON.stringify(options.finishedRunIds ?? []));
  // runningNow: the batch's own runs included (the claim made them running).
  const rows = yield* sqlQuery<Record<string, unknown>>(
    `SELECT ${TASK_COLUMNS.map((col) => `"${col}"`).join(', ')}, ${runningOf(provider, '"Task".id', `$${params.length}`)} AS "runningNow"
     FROM "Task" WHERE id IN (${ids})`,
    params,
  );
  const inThisBatch = new Map<number, number>();
  for (const run of claimed) inThisBatch.set(run.taskId, (inThisBatch.get(run.taskId) ?? 0) + 1);
  const runningBefore = new Map(rows.map((t) => [Number(t.id), Number(t.runningNow) - (inThisBatch.get(Number(t.id)) ?? 0)]));
  // JSON columns are text on SQLite.
  const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : (v ?? null));
  const tasks = new Map(
    rows.map(({ runningNow: _runningNow, ...t }) => [
      Number(t.id),
      { ...t, id: Number(t.id), httpHeaders: json(t.httpHeaders), payload: json(t.payload), env: json(t.env) } as ClaimedTask,
    ]),
  );
  // The claim's overlap check saw none of a batch's runs running: keep what
  // fits in each task's room beside the runs it had running already, give back the rest.
  const started: StartedRun[] = [];
  const extras: string[] = [];
  const perTask = new Map<number, number>();
  for (const { run, task } of inClaimOrder(claimed.map((run) => ({ run, task: tasks.get(run.taskId) })))) {
    if (!task) continue; // deleted meanwhile: the cascade removed the run too
    const inBatch = (perTask.get(task.id) ?? 0) + 1;
    const room = (task.overlap === 'allow' ? Number(task.maxInstances) : 1) - (runningBefore.get(task.id) ?? 0);
    if (inBatch > room) {
      extras.push(run.claimToken);
      continue;
    }
    perTask.set(task.id, inBatch);
    started.push(startedRunOf(run, task, false));
  }
  if (extras.length > 0) {
    const giveBack: unknown[] = [];
    const tokens = inList(extras, giveBack);
    yield* sqlExecute(
      `UPDATE "Run" SET status = 'queued', "workerId" = NULL, "claimToken" = NULL, "claimedAt" = NULL, "startedAt" = NULL, "leaseExpiresAt" = NULL
       WHERE status = 'running' AND "claimToken" IN (${tokens})`,
      giveBack,
    );
  }
  return { runs: started, claimed: claimed.length };
}

/** Best first, as the claim ordered them. */
function inClaimOrder<T extends { run: ClaimedRun }>(items: T[]): T[] {
  return [...items].sort(
    (a, b) => b.run.priority - a.run.priority || a.run.availableAt.getTime() - b.run.availableAt.getTime() || a.run.id - b.run.id,
  );
}

function startedRunOf(run: ClaimedRun, task: ClaimedTask, startRecorded: boolean): StartedRun {
  const { maxInstances: _maxInstances, ...rest } = task;
  // A run's own payload (Run now's override) replaces the task's for this run only.
  const executed = run.payload === null ? rest : { ...rest, payload: run.payload };
  const { id, claimToken, attempt, availableAt, startedAt, eventId } = run;
  return { id, claimToken, attempt, availableAt, startedAt, eventId, task: executed, startRecorded };
}
