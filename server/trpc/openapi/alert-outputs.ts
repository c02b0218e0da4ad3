// Response shapes of /api/v1/alerts (see outputs.ts for the pattern).
import { z } from 'zod';
import type { AlertIncidentView, AlertRuleView } from '../../alerts/schemas';
import type { TaskAlertRule } from '../../alerts/task-alerts';
import { isoTime } from './outputs';

const describes = <T>(schema: z.ZodType): z.ZodType<T> => schema as z.ZodType<T>;

const ruleShape = {
  id: z.string(),
  scope: z.enum(['task', 'label', 'global']),
  taskId: z.number().int().nullable(),
  label: z.string().nullable(),
  kind: z.enum(['failures', 'recovery', 'missed', 'too_long']),
  threshold: z.number().int().meta({ description: 'failures: how many in a row open an incident.' }),
  limitSeconds: z.number().int().nullable().meta({ description: 'too_long: the limit; null = p95Factor × the task’s p95 duration.' }),
  p95Factor: z.number().nullable(),
  channel: z.enum(['webhook', 'slack', 'email']),
  target: z.string().meta({ description: 'The webhook endpoint id, the Slack incoming-webhook URL or the email address.' }),
  remindMinutes: z.number().int().nullable(),
  enabled: z.boolean(),
  createdAt: isoTime,
  createdBy: z.string().nullable(),
};

export const alertRuleOutput = describes<AlertRuleView>(z.looseObject(ruleShape));
export const alertRuleListOutput = describes<{ items: (AlertRuleView & { taskKey: string | null })[] }>(
  z.object({ items: z.array(z.looseObject({ ...ruleShape, taskKey: z.string().nullable() })) }),
);

export const alertIncidentOutput = describes<AlertIncidentView>(
  z.looseObject({
    id: z.number().int(),
    ruleId: z.string(),
    kind: z.string(),
    taskId: z.number().int(),
    taskKey: z.string(),
    runId: z.number().int().nullable(),
    reason: z.string(),
    openedAt: isoTime,
    acknowledgedAt: isoTime.nullable(),
    acknowledgedBy: z.string().nullable(),
    resolvedAt: isoTime.nullable(),
    resolvedBy: z.string().nullable(),
    lastNotifiedAt: isoTime.nullable(),
  }),
);
export const alertIncidentListOutput = describes<{ items: AlertIncidentView[] }>(z.object({ items: z.array(alertIncidentOutput) }));

export const taskAlertsOutput = describes<{ rules: TaskAlertRule[]; incidents: AlertIncidentView[] }>(
  z.object({
    rules: z.array(z.looseObject({ ...ruleShape, target: ruleShape.target.nullable().meta({ description: 'Null unless the caller is an admin.' }), taskKey: z.string().nullable() })),
    incidents: z.array(alertIncidentOutput),
  }),
);
