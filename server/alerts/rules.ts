// Alert rules: add, list, remove. Admin only (the transports check the role).
import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { AppError } from '../errors';
import { ensureEventCursor, newestEventId } from '../events/event-consumer';
import { findTaskIdOrThrow } from '../tasks/find-task';
import { ensureWebhookCursor } from '../webhooks/fan-out-events';
import { findEndpointOrThrow } from '../webhooks/find-endpoint';
import { targetUrlProblem } from '../webhooks/safe-target';
import { alertsActive } from './alerts-active';
import { ALERTS_CURSOR_KEY } from './evaluate-events';
import { alertRuleInputSchema, type AlertRuleInput, type AlertRuleView } from './schemas';

const RULE_SELECT = {
  id: true,
  scope: true,
  taskId: true,
  label: true,
  kind: true,
  threshold: true,
  limitSeconds: true,
  p95Factor: true,
  channel: true,
  target: true,
  remindMinutes: true,
  enabled: true,
  createdAt: true,
  createdBy: true,
} as const;

/** Saves a rule; it judges events recorded from now on (and the running and scheduled tasks from its first check). */
export async function createAlertRule(options: { db: Db; input: AlertRuleInput; actor: Actor; allowPrivate: boolean }): Promise<AlertRuleView> {
  const input = alertRuleInputSchema.parse(options.input);
  if (input.channel === 'slack') {
    const problem = targetUrlProblem(input.target, options.allowPrivate);
    if (problem) throw new AppError('BAD_REQUEST', `slack: ${problem}`, { issues: [{ path: 'target', message: problem }] });
  }
  return writeTransaction(options.db, async (tx) => {
    const taskId = input.scope === 'task' ? await findTaskIdOrThrow(tx, input.taskKey!).catch(onField('taskKey')) : null;
    if (input.channel === 'webhook') await findEndpointOrThrow(tx, input.target).catch(onField('target'));
    await ensureWebhookCursor(tx);
    await judgeFromNowIfIdle(tx);
    return tx.alertRule.create({
      data: {
        scope: input.scope,
        taskId,
        label: input.scope === 'label' ? input.label! : null,
        kind: input.kind,
        threshold: input.kind === 'failures' ? (input.threshold ?? 1) : 1,
        limitSeconds: input.kind === 'too_long' ? (input.limitSeconds ?? null) : null,
        p95Factor: input.kind === 'too_long' && input.limitSeconds === undefined ? (input.p95Factor ?? 3) : null,
        channel: input.channel,
        target: input.target,
        remindMinutes: input.remindMinutes ?? null,
        createdBy: options.actor.name,
      },
      select: RULE_SELECT,
    });
  });
}

export async function listAlertRules(options: { db: Db }): Promise<(AlertRuleView & { taskKey: string | null })[]> {
  const rules = await options.db.alertRule.findMany({ orderBy: { createdAt: 'asc' }, select: RULE_SELECT });
  const ids = rules.map((r) => r.taskId).filter((id): id is number => id !== null);
  const keys = new Map((await options.db.task.findMany({ where: { id: { in: ids } }, select: { id: true, key: true } })).map((t) => [t.id, t.key]));
  return rules.map((r) => ({ ...r, taskKey: r.taskId === null ? null : (keys.get(r.taskId) ?? null) }));
}

/**
 * With no enabled rule (and no open incident) the evaluator does not read
 * events, so its cursor lags: the first rule enabled (created or switched on)
 * judges only what comes next.
 */
async function judgeFromNowIfIdle(tx: WriteTx): Promise<void> {
  await ensureEventCursor(tx, ALERTS_CURSOR_KEY);
  if (!(await alertsActive(tx))) {
    await tx.setting.update({ where: { key: ALERTS_CURSOR_KEY }, data: { value: { after: await newestEventId(tx) } } });
  }
}

/** Switches a rule on or off. Off, it opens nothing (its open incidents still close on recovery); on again, it judges events from now. */
export async function setAlertRuleEnabled(options: { db: Db; id: string; enabled: boolean }): Promise<AlertRuleView> {
  return writeTransaction(options.db, async (tx) => {
    const rule = await tx.alertRule.findUnique({ where: { id: options.id }, select: RULE_SELECT });
    if (!rule) throw ruleNotFound(options.id);
    if (rule.enabled === options.enabled) return rule;
    if (options.enabled) await judgeFromNowIfIdle(tx);
    return tx.alertRule.update({ where: { id: options.id }, data: { enabled: options.enabled }, select: RULE_SELECT });
  });
}

/** A lookup's refusal (no such task, no such endpoint) as an error of the form's field too. */
const onField =
  (path: string) =>
  (error: unknown): never => {
    if (error instanceof AppError && error.issues.length === 0) throw new AppError(error.code, error.message, { cause: error, issues: [{ path, message: error.message }] });
    throw error;
  };

const ruleNotFound = (id: string) => new AppError('NOT_FOUND', `No alert rule with id '${id}' (cronboard alert list shows them)`);

/** Deletes a rule with its incidents (and its channel's deliveries). */
export async function removeAlertRule(options: { db: Db; id: string }): Promise<AlertRuleView> {
  return writeTransaction(options.db, async (tx) => {
    const rule = await tx.alertRule.findUnique({ where: { id: options.id }, select: RULE_SELECT });
    if (!rule) throw ruleNotFound(options.id);
    await tx.alertRule.delete({ where: { id: options.id } });
    return rule;
  });
}
