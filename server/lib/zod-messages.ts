import { z } from 'zod';

/**
 * zod's own wording for a missing field ("Invalid input: expected string,
 * received undefined") is what an API or CLI user would read: say
 * "is required" instead, everywhere (the field's path is added by whoever
 * reports the error). Imported for its effect by the modules that define the
 * input schemas (server/tasks/schemas.ts, server/config/schema.ts); a message a
 * schema gives itself still wins.
 */
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
});
