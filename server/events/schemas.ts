import { z } from 'zod';
import { isEventPattern } from './catalogue';

/** The activity filter's type choices and check (from the catalogue), for the page and its URL. */
export { EVENT_FILTER_CHOICES, isEventPattern } from './catalogue';

/** Filters of the activity feed (all in the URL). */
export const eventListInputSchema = z.object({
  taskKey: z.string().trim().min(1).max(200).optional(),
  /** An exact type (`run.failed`) or a family (`run`, `run.*`, `task`, `worker`, …) from the catalogue. */
  type: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine(isEventPattern, 'type is an event type such as run.failed, or a family such as run')
    .optional(),
  /** Who did it: a user, token or worker name. */
  actor: z.string().trim().min(1).max(200).optional(),
  /** The last event id of the previous page (events come newest first). */
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type EventListInput = z.input<typeof eventListInputSchema>;

/** One `type` filter of the events stream: a catalogue pattern; `run.` is the family `run`. */
const streamTypePattern = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .transform((t) => (t.endsWith('.') ? t.slice(0, -1) : t))
  .superRefine((t, ctx) => {
    if (!isEventPattern(t)) ctx.addIssue({ code: 'custom', message: `'${t}' is not an event type such as run.failed, or a family such as run` });
  });

const eventId = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, `${what} must be an event id (a whole number)`)
    .transform(Number);

/**
 * `GET /api/v1/events/stream` query (every value a string, as in a URL):
 * `type` patterns, comma-separated or repeated; `task` key; `after` an event id
 * (for clients that cannot send Last-Event-ID; the header wins).
 */
export const eventStreamQuerySchema = z.object({
  type: z.array(z.string()).transform((values) => values.flatMap((v) => v.split(',')).filter((v) => v.trim() !== '')).pipe(z.array(streamTypePattern)),
  task: z.string().trim().min(1).max(200).optional(),
  after: eventId('after').optional(),
  lastEventId: eventId('Last-Event-ID').optional(),
});
/** The grouped activity feed (one row per run): the same filters, plus whether the worker's board moves get rows of their own. */
export const activityListInputSchema = eventListInputSchema.extend({
  /** Board moves the worker makes after a run are folded into the run's row unless this is on. */
  workerMoves: z.boolean().default(false),
});
export type ActivityListInput = z.input<typeof activityListInputSchema>;

/** One run's transitions (the activity row expanded). */
export const runTransitionsInputSchema = z.object({ runId: z.number().int().positive() });
