// Input shapes of the runs views, shared by the tRPC procedures and the pages
// that keep them in the URL.
import { z } from 'zod';
import { RUN_STATUSES } from '../tasks/constants';

export const RUN_TRIGGERS = ['schedule', 'manual', 'retry', 'api', 'event'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** Filters of the runs table (every one optional; all in the URL). */
export const runFiltersSchema = z.object({
  status: z.enum(RUN_STATUSES).optional(),
  taskKey: z.string().trim().min(1).max(200).optional(),
  trigger: z.enum(RUN_TRIGGERS).optional(),
  /** Created at or after this instant. */
  from: z.date().optional(),
  /** Created before this instant. */
  to: z.date().optional(),
});
export type RunFilters = z.infer<typeof runFiltersSchema>;

export const RUN_PAGE_MAX = 200;

/** A run status as a filter. */
export const RUN_STATUSES_FILTER = z.enum(RUN_STATUSES);

export const runListInputSchema = runFiltersSchema.extend({
  /** The last run id of the previous page (runs come newest first). */
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1).max(RUN_PAGE_MAX).default(50),
});
export type RunListInput = z.input<typeof runListInputSchema>;

export const runIdsSchema = z.object({
  ids: z.array(z.number().int().positive()).min(1, 'Select at least one run').max(500, 'At most 500 runs at a time'),
});
