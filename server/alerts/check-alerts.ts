// The alert evaluator's timed half, run by every worker AND the web process
// (so a missed run is seen with every worker down): too-long runs, missed
// scheduled runs, reminders. Idempotent across processes: one transaction
// serialized on ALERTS_LOCK, and at most one open incident per rule and task.
import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { recordEvent } from '../events/record-event';
import { ALERTS_ACTOR, ALERTS_LOCK, openIncident, resolveIncidents } from './incidents';
import { activeRules, rulesFor, tasksWithLabels, type ActiveRule } from './matching-rules';

/** A scheduled run is missed when it has not started this long after its time: max(60 s, 2 poll intervals). */
export function missedGraceMs(pollIntervalMs: number): number {
  return Math.max(60_000, 2 * pollIntervalMs);
}
/** Fewer finished runs than this: no p95 yet, a k×p95 too-long rule waits. */
const P95_MIN_SAMPLES = 5;
const P95_WINDOW = 100;

export interface CheckAlertsOptions {
  db: Db;
  /** The missed-run grace (missedGraceMs(POLL_INTERVAL_MS)). */
  graceMs: number;
  now?: Date;
}

export async function checkAlerts(options: CheckAlertsOptions): Promise<{ opened: number; resolved: number; reminded: number }> {
  const now = options.now ?? new Date();
  if ((await options.db.alertRule.count({ where: { enabled: true } })) === 0) return { opened: 0, resolved: 0, reminded: 0 };
  return writeTransaction(
    options.db,
    async (tx) => {
      const rules = await activeRules(tx, ['too_long', 'missed']);
      const tooLong = await checkTooLong(tx, rules.filter((r) => r.kind === 'too_long'), now);
      const missed = await checkMissed(tx, rules.filter((r) => r.kind === 'missed'), now, options.graceMs);
      const reminded = await remind(tx, now);
      return { opened: tooLong.opened + missed.opened, resolved: tooLong.resolved + missed.resolved, reminded };
    },
    { serializeOn: ALERTS_LOCK },
  );
}

async function checkTooLong(tx: WriteTx, rules: ActiveRule[], now: Date): Promise<{ opened: number; resolved: number }> {
  // A too-long incident whose run is no longer running is over (the event half resolves it too, at the run's end).
  const open = await tx.alertIncident.findMany({ where: { openKey: { not: null }, rule: { kind: 'too_long' } }, select: { id: true, runId: true } });
  const stillRunning = new Set(
    (await tx.run.findMany({ where: { id: { in: open.map((i) => i.runId ?? -1) }, status: 'running' }, select: { id: true } })).map((r) => r.id),
  );
  const over = open.filter((i) => i.runId === null || !stillRunning.has(i.runId)).map((i) => i.id);
  const resolved = over.length > 0 ? await resolveIncidents(tx, { where: { id: { in: over } }, by: 'the run ended', now }) : 0;
  if (rules.length === 0) return { opened: 0, resolved };
  const running = await tx.run.findMany({ where: { status: 'running', startedAt: { not: null } }, select: { id: true, taskId: true, startedAt: true } });
  const tasks = await tasksWithLabels(tx, running.map((r) => r.taskId));
  const p95s = new Map<number, number | null>();
  let opened = 0;
  for (const run of running) {
    const task = tasks.get(run.taskId);
    if (!task) continue;
    const ranMs = now.getTime() - run.startedAt!.getTime();
    for (const rule of rulesFor(rules, task)) {
      let limitMs = rule.limitSeconds !== null ? rule.limitSeconds * 1000 : null;
      if (limitMs === null) {
        if (!p95s.has(task.id)) p95s.set(task.id, await p95DurationMs(tx, task.id));
        const p95 = p95s.get(task.id)!;
        if (p95 === null) continue;
        limitMs = Math.max(1000, (rule.p95Factor ?? 3) * p95);
      }
      if (ranMs <= limitMs) continue;
      const reason = `run #${run.id} has been running for ${Math.round(ranMs / 1000)} s (limit ${Math.round(limitMs / 1000)} s${rule.limitSeconds === null ? `, ${rule.p95Factor ?? 3}×p95` : ''})`;
      if (await openIncident(tx, { rule, task, runId: run.id, reason, now })) opened += 1;
    }
  }
  return { opened, resolved };
}

/** The p95 duration of the task's last 100 succeeded runs (null: fewer than 5). */
async function p95DurationMs(tx: WriteTx, taskId: number): Promise<number | null> {
  const rows = await tx.run.findMany({ where: { taskId, status: 'succeeded', durationMs: { not: null } }, orderBy: { id: 'desc' }, take: P95_WINDOW, select: { durationMs: true } });
  if (rows.length < P95_MIN_SAMPLES) return null;
  const sorted = rows.map((r) => r.durationMs!).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

async function checkMissed(tx: WriteTx, rules: ActiveRule[], now: Date, graceMs: number): Promise<{ opened: number; resolved: number }> {
  const cutoff = new Date(now.getTime() - graceMs);
  // Missed: the schedule's next time passed long ago and nothing queued it (no worker ticks),
  // or it was queued for then and has not started (the queue is stuck).
  const late = await tx.task.findMany({ where: { paused: false, nextRunAt: { lt: cutoff } }, select: { id: true, nextRunAt: true } });
  const stuck = await tx.run.findMany({ where: { status: 'queued', scheduledFor: { lt: cutoff } }, select: { taskId: true, scheduledFor: true } });
  const since = new Map<number, Date>();
  for (const t of late) since.set(t.id, t.nextRunAt!);
  for (const r of stuck) if (!since.has(r.taskId) || since.get(r.taskId)! > r.scheduledFor!) since.set(r.taskId, r.scheduledFor!);
  // Open missed incidents whose task is on time again are resolved.
  const open = await tx.alertIncident.findMany({ where: { openKey: { not: null }, rule: { kind: 'missed' } }, select: { id: true, taskId: true } });
  const over = open.filter((i) => !since.has(i.taskId)).map((i) => i.id);
  const resolved = over.length > 0 ? await resolveIncidents(tx, { where: { id: { in: over } }, by: 'the schedule runs again', now }) : 0;
  if (rules.length === 0 || since.size === 0) return { opened: 0, resolved };
  const tasks = await tasksWithLabels(tx, [...since.keys()]);
  let opened = 0;
  for (const [taskId, at] of since) {
    const task = tasks.get(taskId);
    if (!task) continue;
    const reason = `the run due at ${at.toISOString()} has not started (grace ${Math.round(graceMs / 1000)} s): is a worker running?`;
    for (const rule of rulesFor(rules, task)) if (await openIncident(tx, { rule, task, reason, now })) opened += 1;
  }
  return { opened, resolved };
}

/** Open, unacknowledged incidents of rules with a reminder interval, not told for that long: an alert.reminder each. */
async function remind(tx: WriteTx, now: Date): Promise<number> {
  const due = await tx.alertIncident.findMany({
    where: { openKey: { not: null }, acknowledgedAt: null, lastNotifiedAt: { not: null }, rule: { remindMinutes: { not: null }, enabled: true } },
    select: { id: true, ruleId: true, taskId: true, taskKey: true, runId: true, reason: true, lastNotifiedAt: true, rule: { select: { kind: true, remindMinutes: true } } },
  });
  let reminded = 0;
  for (const incident of due) {
    if (now.getTime() - incident.lastNotifiedAt!.getTime() < incident.rule.remindMinutes! * 60_000) continue;
    await tx.alertIncident.update({ where: { id: incident.id }, data: { lastNotifiedAt: now } });
    await recordEvent({
      db: tx,
      type: 'alert.reminder',
      actor: ALERTS_ACTOR,
      taskId: incident.taskId,
      taskKey: incident.taskKey,
      runId: incident.runId,
      payload: { ruleId: incident.ruleId, incidentId: incident.id, kind: incident.rule.kind, reason: incident.reason },
    });
    reminded += 1;
  }
  return reminded;
}
