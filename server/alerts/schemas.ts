import { z } from 'zod';

export const ALERT_KINDS = ['failures', 'recovery', 'missed', 'too_long'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_CHANNELS = ['webhook', 'slack', 'email'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];
/** `too-long` without seconds: this many times the task's p95 duration. */
export const DEFAULT_P95_FACTOR = 3;

export const alertRuleIdSchema = z.string().trim().min(1).max(64);

/** A rule as the CLI, tRPC and REST give it (the target's safety and existence are checked by the service). */
export const alertRuleInputSchema = z
  .object({
    scope: z.enum(['task', 'label', 'global']),
    taskKey: z.string().trim().min(1).max(200).optional(),
    label: z.string().trim().min(1).max(40).optional(),
    kind: z.enum(ALERT_KINDS),
    /** failures: how many in a row (default 1). */
    threshold: z.number().int().min(1).max(1000).optional(),
    /** too_long: a limit in seconds, or a factor of the task's p95 duration (default 3×p95). */
    limitSeconds: z.number().int().min(1).max(31 * 86_400).optional(),
    p95Factor: z.number().min(1).max(100).optional(),
    channel: z.enum(ALERT_CHANNELS),
    /** The endpoint id, the Slack incoming-webhook URL, or the email address. */
    target: z.string().trim().min(1).max(2000),
    remindMinutes: z.number().int().min(1).max(7 * 1440).optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.scope === 'task' && rule.taskKey === undefined) ctx.addIssue({ code: 'custom', path: ['taskKey'], message: 'a task rule names its task' });
    if (rule.scope === 'label' && rule.label === undefined) ctx.addIssue({ code: 'custom', path: ['label'], message: 'a label rule names its label' });
    if (rule.channel === 'email' && !z.email().safeParse(rule.target).success) ctx.addIssue({ code: 'custom', path: ['target'], message: `'${rule.target}' is not an email address` });
  });
export type AlertRuleInput = z.infer<typeof alertRuleInputSchema>;

/** `--when`: failures[:N] | recovery | missed | too-long[:SECONDS]; null when it is none of them. */
export function parseWhen(text: string): Pick<AlertRuleInput, 'kind' | 'threshold' | 'limitSeconds' | 'p95Factor'> | null {
  const match = /^(failures|recovery|missed|too[-_]long)(?::(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const kind = match[1]!.replace('-', '_') as AlertKind;
  const n = match[2] === undefined ? undefined : Number(match[2]);
  if (n !== undefined && (n < 1 || (kind !== 'failures' && kind !== 'too_long'))) return null;
  if (kind === 'failures') return { kind, threshold: n ?? 1 };
  if (kind === 'too_long') return n === undefined ? { kind, p95Factor: DEFAULT_P95_FACTOR } : { kind, limitSeconds: n };
  return { kind };
}

/** A rule as every reader shows it. */
export interface AlertRuleView {
  id: string;
  scope: string;
  taskId: number | null;
  label: string | null;
  kind: string;
  threshold: number;
  limitSeconds: number | null;
  p95Factor: number | null;
  channel: string;
  target: string;
  remindMinutes: number | null;
  enabled: boolean;
  createdAt: Date;
  createdBy: string | null;
}

/** "failures:3", "too-long:600", "too-long (3×p95)": the rule's condition as `--when` writes it. */
export function whenOf(rule: Pick<AlertRuleView, 'kind' | 'threshold' | 'limitSeconds' | 'p95Factor'>): string {
  if (rule.kind === 'failures') return `failures:${rule.threshold}`;
  if (rule.kind === 'too_long') return rule.limitSeconds !== null ? `too-long:${rule.limitSeconds}` : `too-long (${rule.p95Factor ?? DEFAULT_P95_FACTOR}×p95)`;
  return rule.kind;
}

export interface AlertIncidentView {
  id: number;
  ruleId: string;
  kind: string;
  taskId: number;
  taskKey: string;
  runId: number | null;
  reason: string;
  openedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  lastNotifiedAt: Date | null;
}
