// Incidents: at most one open per rule and task (openKey is unique while open),
// opened, reminded and resolved with an `alert.*` event in the same transaction,
// so the webhook fan-out tells the rule's channel and `alert.*` subscribers.
// Every writer serializes on ALERTS_LOCK, so a web process and workers checking
// at once never race on an incident.
import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import type { AlertIncidentView } from './schemas';

export const ALERTS_LOCK = 'alerts';
export const ALERTS_ACTOR: Actor = { type: 'system', name: 'alerts' };

interface RuleRef {
  id: string;
  kind: string;
}
interface TaskRef {
  id: number;
  key: string;
}

const openKeyOf = (ruleId: string, taskId: number) => `${ruleId}:${taskId}`;

/** Opens the rule's incident for the task unless one is open; true when it opened one. */
export async function openIncident(
  tx: WriteTx,
  options: { rule: RuleRef; task: TaskRef; runId?: number | null; reason: string; now: Date },
): Promise<boolean> {
  const { rule, task, now } = options;
  const openKey = openKeyOf(rule.id, task.id);
  if (await tx.alertIncident.findUnique({ where: { openKey }, select: { id: true } })) return false;
  // A recovery rule opens its incident quietly: it speaks when the task recovers.
  const silent = rule.kind === 'recovery';
  const incident = await tx.alertIncident.create({
    data: { ruleId: rule.id, taskId: task.id, taskKey: task.key, runId: options.runId ?? null, openKey, reason: options.reason, openedAt: now, lastNotifiedAt: silent ? null : now },
    select: { id: true },
  });
  await recordEvent({
    db: tx,
    type: 'alert.opened',
    actor: ALERTS_ACTOR,
    taskId: task.id,
    taskKey: task.key,
    runId: options.runId ?? null,
    payload: { ruleId: rule.id, incidentId: incident.id, kind: rule.kind, reason: options.reason, ...(silent ? { silent: true as const } : {}) },
  });
  return true;
}

/** Resolves the open incidents in `where` (with an alert.resolved each). */
export async function resolveIncidents(
  tx: WriteTx,
  options: { where: { taskId?: number; ruleId?: string; runId?: number; id?: { in: number[] }; kind?: string[] }; by: string; runId?: number | null; now: Date },
): Promise<number> {
  const { where, now } = options;
  const open = await tx.alertIncident.findMany({
    where: {
      openKey: { not: null },
      ...(where.taskId === undefined ? {} : { taskId: where.taskId }),
      ...(where.ruleId === undefined ? {} : { ruleId: where.ruleId }),
      ...(where.runId === undefined ? {} : { runId: where.runId }),
      ...(where.id === undefined ? {} : { id: where.id }),
      ...(where.kind === undefined ? {} : { rule: { kind: { in: where.kind } } }),
    },
    select: { id: true, taskId: true, taskKey: true, ruleId: true, reason: true, rule: { select: { kind: true } } },
  });
  for (const incident of open) {
    await tx.alertIncident.update({ where: { id: incident.id }, data: { openKey: null, resolvedAt: now, resolvedBy: options.by } });
    await recordEvent({
      db: tx,
      type: 'alert.resolved',
      actor: ALERTS_ACTOR,
      taskId: incident.taskId,
      taskKey: incident.taskKey,
      runId: options.runId ?? null,
      payload: { ruleId: incident.ruleId, incidentId: incident.id, kind: incident.rule.kind, reason: incident.reason, by: options.by },
    });
  }
  return open.length;
}

/** Acknowledging silences an incident's reminders; it stays open until the task recovers. */
export async function acknowledgeIncident(options: { db: Db; id: number; actor: Actor }): Promise<AlertIncidentView> {
  return writeTransaction(
    options.db,
    async (tx) => {
      const incident = await tx.alertIncident.findUnique({ where: { id: options.id }, select: { id: true, resolvedAt: true, acknowledgedAt: true } });
      if (!incident) throw new AppError('NOT_FOUND', `No alert incident with id ${options.id} (cronboard alert incidents shows them)`);
      if (incident.resolvedAt === null && incident.acknowledgedAt === null) {
        await tx.alertIncident.update({ where: { id: options.id }, data: { acknowledgedAt: new Date(), acknowledgedBy: options.actor.name } });
      }
      return toIncidentView(await tx.alertIncident.findUniqueOrThrow({ where: { id: options.id }, select: INCIDENT_SELECT }));
    },
    { serializeOn: ALERTS_LOCK },
  );
}

const INCIDENT_SELECT = {
  id: true,
  ruleId: true,
  taskId: true,
  taskKey: true,
  runId: true,
  reason: true,
  openedAt: true,
  acknowledgedAt: true,
  acknowledgedBy: true,
  resolvedAt: true,
  resolvedBy: true,
  lastNotifiedAt: true,
  rule: { select: { kind: true } },
} as const;

function toIncidentView({ rule, ...row }: { rule: { kind: string } } & Omit<AlertIncidentView, 'kind'>): AlertIncidentView {
  return { ...row, kind: rule.kind };
}

/** Newest first; `open` only the open ones; `taskId` one task's. */
export async function listIncidents(options: { db: Db; open?: boolean; taskId?: number; limit?: number }): Promise<AlertIncidentView[]> {
  const rows = await options.db.alertIncident.findMany({
    where: { ...(options.open ? { openKey: { not: null } } : {}), ...(options.taskId === undefined ? {} : { taskId: options.taskId }) },
    orderBy: { id: 'desc' },
    take: options.limit ?? 100,
    select: INCIDENT_SELECT,
  });
  return rows.map(toIncidentView);
}

/** Open incidents per task id, in one query (the board's badges, the header's count). */
export async function openIncidentCounts(db: Pick<Db, 'alertIncident'>): Promise<Map<number, number>> {
  const rows = await db.alertIncident.groupBy({ by: ['taskId'], where: { openKey: { not: null } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.taskId, r._count._all]));
}
