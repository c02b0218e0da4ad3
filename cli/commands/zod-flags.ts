import type { z } from 'zod';
import { usageError } from './format';

/** Parses one flag's value with a shared zod schema; a bad value is a usage error naming the flag. */
export function flag<T extends z.ZodType>(name: string, schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw usageError(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
  return parsed.data;
}
