import { z } from 'zod';
import { patternProblem } from './patterns';

export const webhookIdSchema = z.string().trim().min(1).max(64);

/** An endpoint as the form, the CLI and REST give it (the URL's safety is checked by the service, which knows WEBHOOK_ALLOW_PRIVATE). */
export const webhookInputSchema = z.object({
  url: z.string().trim().min(1, { error: 'is required' }).max(2000),
  events: z
    .array(z.string().trim().min(1).max(100))
    .min(1, { error: 'name at least one event pattern (run.failed, run.*, *)' })
    .max(50)
    .superRefine((patterns, ctx) => {
      for (const p of patterns) {
        const problem = patternProblem(p);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
  taskKey: z.string().trim().min(1).max(200).optional(),
  label: z.string().trim().min(1).max(40).optional(),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;

/** An endpoint as every reader shows it (never its secret). */
export interface WebhookEndpointView {
  id: string;
  url: string;
  events: string[];
  taskKey: string | null;
  label: string | null;
  enabled: boolean;
  createdAt: Date;
  createdBy: string | null;
  failingSince: Date | null;
  disabledReason: string | null;
}

export const ENDPOINT_VIEW_SELECT = {
  id: true,
  url: true,
  events: true,
  taskKey: true,
  label: true,
  enabled: true,
  createdAt: true,
  createdBy: true,
  failingSince: true,
  disabledReason: true,
} as const;

export function toEndpointView(row: Omit<WebhookEndpointView, 'events'> & { events: unknown }): WebhookEndpointView {
  return { ...row, events: Array.isArray(row.events) ? row.events.filter((e): e is string => typeof e === 'string') : [] };
}
