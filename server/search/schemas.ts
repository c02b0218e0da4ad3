import { z } from 'zod';

/** The command palette's query: a task's name or key, or a run's id (`41`, `#41`). */
export const findInputSchema = z.object({ q: z.string().trim().min(1).max(200) });
