import { z } from 'zod';
import { TASK_STATUSES } from '../tasks/constants';
import { taskKeySchema } from '../tasks/schemas';

// Input shapes of the board: shared by the tRPC router and the board's forms.

/** A whole number from `min` to `max`, with messages that say so. */
const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

/** board.get: the whole board, or (the page's first render) each column's first cards. */
export const boardGetSchema = z.object({ firstPerColumn: wholeNumber(1, 500).optional() }).optional();

export const boardMoveSchema = z.object({
  key: taskKeySchema,
  toStatus: z.enum(TASK_STATUSES),
  /** The card that ends up just above the moved one (null/absent: none, or use beforeKey). */
  afterKey: taskKeySchema.nullish(),
  /** The card that ends up just below the moved one. */
  beforeKey: taskKeySchema.nullish(),
  /** The card's boardVersion as the mover saw it; a newer one is refused (CONFLICT). */
  expectedBoardVersion: z.number().int().min(1),
  /** Moving to Done/Cancelled: also cancel a running run (else it keeps running). */
  cancelRunning: z.boolean().default(false),
});
export type BoardMoveInput = z.input<typeof boardMoveSchema>;

export const wipLimitSchema = z.object({
  status: z.enum(TASK_STATUSES),
  /** Null removes the limit. */
  wipLimit: wholeNumber(1, 999).nullable(),
});

export const quickAddSchema = z.object({
  status: z.enum(TASK_STATUSES),
  name: z.string().trim().min(1, { error: 'is required' }).max(200, { error: 'must be at most 200 characters' }),
  command: z.string().trim().min(1, { error: 'is required' }).max(10_000, { error: 'must be at most 10000 characters' }),
  schedule: z.string().trim().min(1, { error: 'is required' }).max(200).default('manual'),
});
export type QuickAddInput = z.input<typeof quickAddSchema>;
