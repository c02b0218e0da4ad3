import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import type { Provider } from '../db/url';
import type { Actor } from '../auth/actor';
import { fireTimesAfterAFire, nextFireTimes, parseSchedule, type ParseResult, type Schedule } from '../schedules';
import { insertEvents } from './insert-events';
import { runPlan, sqlExecute, sqlQuery, type Plan } from './plan';
import { queueRunsPlan } from './queue-runs';
import { readTs, ts } from './sql';
import { STOPPED_COLUMNS } from '../tasks/constants';

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

/**
 * The schedule tick: for each active task whose nextRunAt is due, queue the
 * runs its misfire policy asks for (queueRunsPlan, trigger schedule), apply its
 * overlap policy, and advance nextRunAt to the first fire time after now (no
 * burst after downtime unless the task says catch_up; nothing after a
 * one-time schedule's fire).
 *
 * Why several workers cannot double a fire: the task's nextRunAt is advanced
 * with a compare-and-set (WHERE nextRunAt = the value read) in the same
 * transaction as the inserts, so only one worker's transaction proceeds per
 * due time; and a fire time is unique per task (taskId, scheduledFor), so even
 * a stale reader cannot insert a fire twice.
 */
export async function materializeDueRuns(options: MaterializeOptions): Promise<MaterializeResult> {
  const now = options.now ?? new Date();
  const provider = providerOf(options.db);
  const due = await runPlan(
    options.db,
    () =>
      sqlQuery<DueTask>(
        `SELECT id, key, schedule, timezone, "scheduleAnchorAt", "nextRunAt", misfire, "catchUpLimit", "misfireGraceSeconds", overlap
         FROM "Task" WHERE "nextRunAt" <= $1 AND NOT paused AND status NOT IN (${STOPPED_COLUMNS.map((s) => `'${s}'`).join(', ')})
         ORDER BY "nextRunAt" LIMIT $2`,
        [ts(provider, now), options.limit ?? 100],
      ),
    { transaction: false },
  );
  const result: MaterializeResult = { tasks: 0, queued: 0, skipped: 0, dropped: 0 };

  for (const task of due) {
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
    const counts = await runPlan(options.db, () => tickPlan(provider, options.actor, { task, parsed, fires, nextRunAt }, now));
    if (!counts) continue;
    result.tasks += 1;
    result.queued += counts.queued;
    result.skipped += counts.skipped;
    result.dropped += dropped;
  }
  return result;
}

/** One task's tick, in one transaction. Null: another worker advanced it first. */
function* tickPlan(
  provider: Provider,
  actor: Actor,
  tick: { task: DueTask; parsed: ParseResult; fires: Date[]; nextRunAt: Date | null },
  now: Date,
): Plan<{ queued: number; skipped: number } | null> {
  const { task, parsed } = tick;
  // Compare-and-set: only the worker that read this nextRunAt proceeds.
  const changed = yield* sqlExecute(`UPDATE "Task" SET "nextRunAt" = $1, "updatedAt" = $2 WHERE id = $3 AND "nextRunAt" = $4`, [
    tick.nextRunAt && ts(provider, tick.nextRunAt),
    ts(provider, now),
    task.id,
    task.nextRunAt,
  ]);
  if (changed !== 1) return null;
  if (!parsed.ok) {
    const payload = { schedulePaused: true as const, reason: parsed.error.message };
    yield* insertEvents(
      provider,
      actor,
      [{ type: 'task.updated', taskId: Number(task.id), taskKey: task.key, runId: null, payload }],
      now,
    );
    return { queued: 0, skipped: 0 };
  }
  const [active] = yield* sqlQuery<{ n: number | bigint }>(
    `SELECT count(*) AS n FROM "Run" WHERE "taskId" = $1 AND status IN ('queued', 'running')`,
    [task.id],
  );
  let running = Number(active?.n ?? 0);
  let queued = 0;
  let skipped = 0;
  for (const fireAt of tick.fires) {
    const skip = task.overlap === 'skip' && running > 0;
    const [run] = yield* queueRunsPlan(
      provider,
      actor,
      [{ task: { id: Number(task.id) }, trigger: 'schedule', scheduledFor: fireAt, ...(skip && { skipReason: SKIPPED }) }],
      now,
    );
    if (!run) continue; // this fire time is already recorded
    if (skip) skipped += 1;
    else {
      queued += 1;
      running += 1;
    }
  }
  return { queued, skipped };
}
