import { z } from 'zod';

/**
 * A page cursor on the REST API: opaque to clients (today the last id of the
 * previous page, as text). Pass `next_cursor` back as `cursor`.
 */
export const apiCursor = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, { error: 'must be a next_cursor value from the previous page' })
  .transform(Number)
  .optional();

export const toApiCursor = (id: number | null): string | null => (id === null ? null : String(id));
