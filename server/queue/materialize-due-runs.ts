import type { Db } from '../db/client';
import type { Actor } from '../auth/actor';
import { recordEvent } from '../events/record-event';
import { nextFireTimes, parseSchedule, type Schedule } from '../schedules';
import { STOPPED_COLUMNS } from '../tasks/constants';
import { notifyRunQueued } from './notify';
import { dialect, queryIn, ts } from './sql';

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

/**
 * The schedule tick: for each active task whose nextRunAt is due, insert the
 * runs its misfire policy asks for, apply its overlap policy, and advance
 * nextRunAt to the first fire time after now (no burst after downtime unless
 * the task says catch_up).
 *
 * Why several workers cannot double a fire: the task's nextRunAt is advanced
 * with a compare-and-set (WHERE nextRunAt = the value read) in the same
 * transaction as the inserts, so only one worker's transaction proceeds per
 * due time; and runs are inserted with ON CONFLICT DO NOTHING on the unique
 * (taskId, scheduledFor), so even a stale reader cannot insert a fire twice.
 */
export async function materializeDueRuns(options: MaterializeOptions): Promise<MaterializeResult> {
  const now = options.now ?? new Date();
  const provider = dialect(options.db);
  const due = await options.db.task.findMany({
    where: { nextRunAt: { lte: now }, paused: false, status: { notIn: [...STOPPED_COLUMNS] } },
    orderBy: { nextRunAt: 'asc' },
    take: options.limit ?? 100,
  });
  const result: MaterializeResult = { tasks: 0, queued: 0, skipped: 0, dropped: 0 };

  for (const task of due) {
    const dueAt = task.nextRunAt!;
    const parsed = parseSchedule(task.schedule, { timezone: task.timezone });
    const anchor = task.scheduleAnchorAt ?? undefined;
    let fires: Date[] = [];
    let dropped = 0;
    let nextRunAt: Date | null = null;
    if (parsed.ok) {
      const schedule = parsed.schedule;
      nextRunAt = nextFireTimes(schedule, now, 1, { anchor })[0] ?? null;
      if (schedule.kind === 'once') {
        fires = [dueAt];
      } else if (task.misfire === 'catch_up') {
        const all = [dueAt, ...firesBetween(schedule, dueAt, now, anchor, MAX_FIRES_SCANNED)];
        fires = all.slice(-Math.max(1, task.catchUpLimit));
        dropped = all.length - fires.length;
      } else if (task.misfire === 'skip') {
        // Fire times later than the grace are dropped; of those still within it, the latest runs.
        const graceStart = now.getTime() - task.misfireGraceSeconds * 1000;
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

    const counts = await options.db.$transaction(async (tx) => {
      // Compare-and-set: only the worker that read this nextRunAt proceeds.
      const { count } = await tx.task.updateMany({ where: { id: task.id, nextRunAt: dueAt }, data: { nextRunAt } });
      if (count !== 1) return null;
      if (!parsed.ok) {
        await recordEvent({ db: tx, type: 'task.updated', actor: options.actor, taskId: task.id, taskKey: task.key, payload: { schedulePaused: true, reason: parsed.error.message } });
        return { queued: 0, skipped: 0 };
      }
      let active = await tx.run.count({ where: { taskId: task.id, status: { in: ['queued', 'running'] } } });
      let queued = 0;
      let skipped = 0;
      for (const fireAt of fires) {
        const skip = task.overlap === 'skip' && active > 0;
        const status = skip ? 'skipped' : 'queued';
        const rows = await queryIn<{ id: number }>(
          tx,
          provider,
          `INSERT INTO "Run" ("taskId", status, trigger, attempt, "basePriority", priority, "scheduledFor", "availableAt", "createdAt", "finishedAt", error, "requestedBy", "logBytes", "logTruncated")
           VALUES ($1, $2, 'schedule', 1, $3, $3, $4, $5, $5, $6, $7, 'schedule', 0, $8)
           ON CONFLICT ("taskId", "scheduledFor") DO NOTHING
           RETURNING id`,
          task.id,
          status,
          task.priority,
          ts(provider, fireAt),
          ts(provider, now),
          skip ? ts(provider, now) : null,
          skip ? 'skipped: the previous run of this task was still queued or running (overlap: skip)' : null,
          provider === 'sqlite' ? 0 : false,
        );
        const id = rows[0]?.id;
        if (id === undefined) continue;
        await recordEvent({
          db: tx,
          type: skip ? 'run.skipped' : 'run.queued',
          actor: options.actor,
          taskId: task.id,
          taskKey: task.key,
          runId: Number(id),
          payload: { trigger: 'schedule', scheduledFor: fireAt.toISOString() },
        });
        if (skip) skipped += 1;
        else {
          queued += 1;
          active += 1;
        }
      }
      return { queued, skipped };
    });
    if (!counts) continue;
    result.tasks += 1;
    result.queued += counts.queued;
    result.skipped += counts.skipped;
    result.dropped += dropped;
  }
  if (result.queued > 0) await notifyRunQueued(options.db);
  return result;
}
