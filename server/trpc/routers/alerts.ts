// Alert rules and incidents (issue 13): rules are admin's; anyone signed in
// reads incidents (the board's badges, the header's count); acknowledging is
// an operator's. REST under /api/v1/alerts.
import { z } from 'zod';
import { acknowledgeIncident, listIncidents, openIncidentCounts } from '../../alerts/incidents';
import { createAlertRule, listAlertRules, removeAlertRule, setAlertRuleEnabled } from '../../alerts/rules';
import { alertsForTask } from '../../alerts/task-alerts';
import { roleAtLeast } from '../../auth/actor';
import { alertRuleIdSchema, alertRuleInputSchema } from '../../alerts/schemas';
import { taskKeySchema } from '../../tasks/schemas';
import { adminProcedure, operatorProcedure, router, viewerProcedure } from '../init';
import { alertIncidentListOutput, alertIncidentOutput, alertRuleListOutput, alertRuleOutput, taskAlertsOutput } from '../openapi/alert-outputs';
import { restRoute } from '../openapi/rest-route';

export const alertsRouter = router({
  rules: adminProcedure
    .meta(restRoute('GET', '/alerts/rules', 'List alert rules', 'Oldest first.'))
    .input(z.object({}).optional())
    .output(alertRuleListOutput)
    .query(async ({ ctx }) => ({ items: await listAlertRules({ db: ctx.db }) })),
  create: adminProcedure
    .meta(restRoute('POST', '/alerts/rules', 'Add an alert rule', 'failures (N in a row), recovery, missed (a scheduled run that did not start within max(60 s, 2 poll intervals)) or too_long (limitSeconds, or p95Factor × p95); the channel is a webhook endpoint id, a Slack incoming-webhook URL or an email address. One notification per incident; reminders every remindMinutes until acknowledged.'))
    .input(alertRuleInputSchema)
    .output(alertRuleOutput)
    .mutation(({ ctx, input }) => createAlertRule({ db: ctx.db, input, actor: ctx.actor, allowPrivate: ctx.config.webhookAllowPrivate })),
  remove: adminProcedure
    .meta(restRoute('DELETE', '/alerts/rules/{id}', 'Remove an alert rule', 'With its incidents.'))
    .input(z.object({ id: alertRuleIdSchema }))
    .output(alertRuleOutput)
    .mutation(({ ctx, input }) => removeAlertRule({ db: ctx.db, id: input.id })),
  setEnabled: adminProcedure
    .meta(restRoute('PATCH', '/alerts/rules/{id}', 'Switch an alert rule on or off', 'Off, it opens no incident (its open ones still close on recovery); on again, it judges what happens from then on.'))
    .input(z.object({ id: alertRuleIdSchema, enabled: z.boolean() }))
    .output(alertRuleOutput)
    .mutation(({ ctx, input }) => setAlertRuleEnabled({ db: ctx.db, id: input.id, enabled: input.enabled })),
  forTask: viewerProcedure
    .meta(restRoute('GET', '/alerts/tasks/{key}', "A task's alerts", 'The rules that judge the task (its own, its labels’, the global ones; targets for admins only) and its open incidents.'))
    .input(z.object({ key: taskKeySchema }))
    .output(taskAlertsOutput)
    .query(({ ctx, input }) => alertsForTask({ db: ctx.db, key: input.key, showTargets: roleAtLeast(ctx.actor.role, 'admin') })),
  incidents: viewerProcedure
    .meta(restRoute('GET', '/alerts/incidents', 'List incidents', 'Newest first; `open=true` for the open ones only.'))
    .input(z.object({ open: z.boolean().optional(), limit: z.number().int().min(1).max(500).default(100) }).optional())
    .output(alertIncidentListOutput)
    .query(async ({ ctx, input }) => ({ items: await listIncidents({ db: ctx.db, open: input?.open, limit: input?.limit }) })),
  openCount: viewerProcedure.query(async ({ ctx }) => [...(await openIncidentCounts(ctx.db)).values()].reduce((a, b) => a + b, 0)),
  acknowledge: operatorProcedure
    .meta(restRoute('POST', '/alerts/incidents/{id}/acknowledge', 'Acknowledge an incident', 'Silences its reminders; it stays open until the task recovers.'))
    .input(z.object({ id: z.number().int().positive() }))
    .output(alertIncidentOutput)
    .mutation(({ ctx, input }) => acknowledgeIncident({ db: ctx.db, id: input.id, actor: ctx.actor })),
});
