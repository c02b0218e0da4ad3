import { z } from 'zod';

/** Filters of the activity feed (all in the URL). */
export const eventListInputSchema = z.object({
  taskKey: z.string().trim().min(1).max(200).optional(),
  /** An exact type (`run.failed`) or a family (`run`, `task`, `worker`). */
  type: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z_.]+$/, 'type is an event type such as run.failed, or a family such as run')
    .optional(),
  /** Who did it: a user, token or worker name. */
  actor: z.string().trim().min(1).max(200).optional(),
  /** The last event id of the previous page (events come newest first). */
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type EventListInput = z.input<typeof eventListInputSchema>;
