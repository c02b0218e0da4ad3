import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import type { Provider } from '../db/url';
import type { Actor } from '../auth/actor';
import { fireTimesAfterAFire, nextFireTimes, parseSchedule, type ParseResult, type Schedule } from '../schedules';
import { insertEvents } from './insert-events';
import { runPlan, sqlQuery, type Plan } from './plan';
import { queueRunsPlan, type QueueRequest } from './queue-runs';
import { inList, readTs, ts, valuesList } from './sql';
import { STOPPED_COLUMNS } from '../tasks/constants';
import { SCHEDULER_PAUSED_KEY } from '../scheduler/scheduler-state';

export interface MaterializeOptions {
  db: Db;
  actor: Actor;
  now?: Date;
  /** Tasks handled per call (the loop calls again when the batch was full). */
  limit?: number;
}

export interface MaterializeResult {
  tasks: number;
  queued: number;
  skipped: number;
  dropped: number;
  /** The batch was full: more tasks may be due (the herd); call again soon. */
  more: boolean;
}

/** Coalesce and catch-up look back at most this far for missed fire times. */
const LOOKBACK_MS = 7 * 86_400_000;
const MAX_FIRES_SCANNED = 20_000;

/** The fire times of `schedule` in (after, until], at most `max`. */
function firesBetween(schedule: Schedule, after: Date, until: Date, anchor: Date | undefined, max: number): Date[] {
  const out: Date[] = [];
  let from = after;
  while (out.length < max) {
    const batch = nextFireTimes(schedule, from, 500, { anchor });
    for (const t of batch) {
      if (t.getTime() > until.getTime() || out.length >= max) return out;
      out.push(t);
    }
    if (batch.length < 500) return out;
    from = batch[batch.length - 1]!;
  }
  return out;
}

interface DueTask {
  id: number;
  key: string;
  schedule: string;
  timezone: string;
  scheduleAnchorAt: unknown;
  /** As read (the compare-and-set compares with exactly this value). */
  nextRunAt: unknown;
  misfire: string;
  catchUpLimit: number;
  misfireGraceSeconds: number;
  overlap: string;
}

const SKIPPED = 'skipped: the previous run of this task was still queued or running (overlap: skip)';

/** What the tick decided for one due task (pure: from its schedule and misfire policy). */
interface TickDecision {
  task: DueTask;
  parsed: ParseResult;
  fires: Date[];
  nextRunAt: Date | null;
  dropped: number;
}

function decide(task: DueTask, now: Date): TickDecision {
  const dueAt = readTs(task.nextRunAt)!;
  const parsed = parseSchedule(task.schedule, { timezone: task.timezone });
  const anchor = readTs(task.scheduleAnchorAt) ?? undefined;
  let fires: Date[] = [];
  let dropped = 0;
  let nextRunAt: Date | null = null;
  if (parsed.ok) {
    const schedule = parsed.schedule;
    nextRunAt = fireTimesAfterAFire(schedule, now, 1, { anchor })[0] ?? null;
    if (schedule.kind === 'once') {
      fires = [dueAt];
    } else if (task.misfire === 'catch_up') {
      const all = [dueAt, ...firesBetween(schedule, dueAt, now, anchor, MAX_FIRES_SCANNED)];
      fires = all.slice(-Math.max(1, Number(task.catchUpLimit)));
      dropped = all.length - fires.length;
    } else if (task.misfire === 'skip') {
      // Fire times later than the grace are dropped; of those still within it, the latest runs.
      const graceStart = now.getTime() - Number(task.misfireGraceSeconds) * 1000;
      const inGrace = firesBetween(schedule, new Date(Math.max(dueAt.getTime(), graceStart - 1)), now, anchor, 1000);
      if (dueAt.getTime() >= graceStart) inGrace.unshift(dueAt);
      fires = inGrace.slice(-1);
      dropped = fires.length === 0 ? 1 : 0;
    } else {
      // coalesce: every missed fire time collapses into one run, recorded at the latest of them.
      const lookFrom = new Date(Math.max(dueAt.getTime(), now.getTime() - LOOKBACK_MS));
      const later = firesBetween(schedule, lookFrom, now, anchor, MAX_FIRES_SCANNED);
      fires = [later[later.length - 1] ?? dueAt];
    }
  }
  return { task, parsed, fires, nextRunAt, dropped };
}

/**
 * The schedule tick: for each active task whose nextRunAt is due, queue the
 * runs its misfire policy asks for (queueRunsPlan, trigger schedule), apply its
 * overlap policy, and advance nextRunAt to the first fire time after now (no
 * burst after downtime unless the task says catch_up; nothing after a
 * one-time schedule's fire).
 *
 * One transaction per batch of due tasks (up to `limit`), a few multi-row
 * statements whatever the batch's size: at the midnight herd (10,000 tasks at
 * one fire time) a transaction per task kept each worker's pass busy for
 * seconds, contending for SQLite's write lock, with claims (an urgent Run now)
 * waiting behind it (docs/benchmarks.md, ## Worker).
 *
 * Why several workers cannot double a fire: PostgreSQL: the due tasks are
 * read FOR UPDATE SKIP LOCKED, so workers split a herd instead of all
 * reading the same first tasks; SQLite: the batch runs under the write lock.
 * On both, nextRunAt is advanced with a compare-and-set (WHERE nextRunAt = the
 * value read) and only the tasks it changed are queued; and a fire time is
 * unique per task (taskId, scheduledFor), so even a stale reader cannot insert
 * a fire twice.
 *
 * While the scheduler is paused (server/scheduler/) the SELECT finds nothing:
 * the switch is a NOT EXISTS on one Setting key in the same statement, so a
 * paused pass costs no extra round trip, and nextRunAt stays where it was
 * until resume, when the misfire policy above decides the missed fires.
 */
export async function materializeDueRuns(options: MaterializeOptions): Promise<MaterializeResult> {
  const now = options.now ?? new Date();
  const provider = providerOf(options.db);
  return runPlan(options.db, () => tickPlan(provider, options.actor, options.limit ?? 100, now));
}

function* tickPlan(provider: Provider, actor: Actor, limit: number, now: Date): Plan<MaterializeResult> {
  const result: MaterializeResult = { tasks: 0, queued: 0, skipped: 0, dropped: 0, more: false };
  const due = yield* sqlQuery<DueTask>(
    `SELECT id, key, schedule, timezone, "scheduleAnchorAt", "nextRunAt", misfire, "catchUpLimit", "misfireGraceSeconds", overlap
     FROM "Task" WHERE "nextRunAt" <= $1 AND NOT paused AND status NOT IN (${STOPPED_COLUMNS.map((s) => `'${s}'`).join(', ')})
       AND NOT EXISTS (SELECT 1 FROM "Setting" WHERE key = '${SCHEDULER_PAUSED_KEY}')
     ORDER BY "nextRunAt" LIMIT $2 ${provider === 'postgresql' ? 'FOR UPDATE SKIP LOCKED' : ''}`,
    [ts(provider, now), limit],
  );
  if (due.length === 0) return result;
  result.more = due.length >= limit;
  const decisions = due.map((task) => decide(task, now));

  // Compare-and-set, all at once: only the tasks still at the nextRunAt read proceed.
  const casParams: unknown[] = [];
  const casValues = valuesList(
    provider,
    // "was" exactly as read (SQLite: the stored text itself).
    ['int', 'ts', provider === 'sqlite' ? 'text' : 'ts'],
    decisions.map((d) => [Number(d.task.id), d.nextRunAt, d.task.nextRunAt]),
    casParams,
  );
  casParams.push(ts(provider, now));
  const changed = yield* sqlQuery<{ id: number }>(
    `WITH v(id, "nextRunAt", "was") AS (VALUES ${casValues})
     UPDATE "Task" SET "nextRunAt" = v."nextRunAt", "updatedAt" = $${casParams.length}
     FROM v WHERE "Task".id = v.id AND "Task"."nextRunAt" = v."was"
     RETURNING "Task".id`,
    casParams,
  );
  const mine = new Set(changed.map((r) => Number(r.id)));
  const ticked = decisions.filter((d) => mine.has(Number(d.task.id)));
  if (ticked.length === 0) return result;
  result.tasks = ticked.length;

  // A schedule that no longer parses pauses itself, with the reason.
  const broken = ticked.filter((d) => !d.parsed.ok);
  yield* insertEvents(
    provider,
    actor,
    broken.map((d) => ({
      type: 'task.updated' as const,
      taskId: Number(d.task.id),
      taskKey: d.task.key,
      runId: null,
      payload: { schedulePaused: true as const, reason: d.parsed.ok ? '' : d.parsed.error.message },
    })),
    now,
  );

  const firing = ticked.filter((d) => d.parsed.ok && d.fires.length > 0);
  const skipping = firing.filter((d) => d.task.overlap === 'skip');
  const active = new Set<number>();
  if (skipping.length > 0) {
    const params: unknown[] = [];
    const ids = inList(
      skipping.map((d) => Number(d.task.id)),
      params,
    );
    const rows = yield* sqlQuery<{ taskId: number }>(
      `SELECT DISTINCT "taskId" FROM "Run" WHERE "taskId" IN (${ids}) AND status IN ('queued', 'running')`,
      params,
    );
    for (const r of rows) active.add(Number(r.taskId));
  }
  const requests: QueueRequest[] = [];
  for (const d of firing) {
    // overlap skip: while a run is queued or running (this tick's first fire included), a fire is recorded as skipped.
    let busy = d.task.overlap === 'skip' && active.has(Number(d.task.id));
    for (const fireAt of d.fires) {
      requests.push({ task: { id: Number(d.task.id) }, trigger: 'schedule', scheduledFor: fireAt, ...(busy && { skipReason: SKIPPED }) });
      if (d.task.overlap === 'skip') busy = true;
    }
  }
  for (const run of yield* queueRunsPlan(provider, actor, requests, now)) {
    if (run.status === 'skipped') result.skipped += 1;
    else result.queued += 1;
  }
  result.dropped = ticked.reduce((sum, d) => sum + d.dropped, 0);
  return result;
}
