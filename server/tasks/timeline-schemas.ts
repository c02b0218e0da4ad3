// Input of the upcoming-runs timeline (/upcoming): its window and the board's
// kind of filters, all in the URL.
import { z } from 'zod';
import { PRIORITIES } from './constants';

export const TIMELINE_WINDOWS = { '24h': 24, '7d': 24 * 7 } as const;
export type TimelineWindow = keyof typeof TIMELINE_WINDOWS;
/** Fire times computed per task and window at most: a task firing every minute shows its first ones only (the page says so). */
export const TIMELINE_PER_TASK_CAP = 200;
/** Tasks read at most (the next to fire first). */
export const TIMELINE_TASK_CAP = 2000;
/** A minute with at least this many fires is a herd: the page points at it. */
export const HERD_SIZE = 5;

export const timelineInputSchema = z.object({
  window: z.enum(Object.keys(TIMELINE_WINDOWS) as [TimelineWindow, ...TimelineWindow[]]).default('24h'),
  /** Name or key contains (case-insensitive, like the board's search). */
  q: z.string().trim().min(1).max(200).optional(),
  priority: z.enum(PRIORITIES).optional(),
  label: z.string().trim().min(1).max(100).optional(),
});
export type TimelineInput = z.input<typeof timelineInputSchema>;
