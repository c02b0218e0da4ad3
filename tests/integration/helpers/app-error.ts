import { expect } from 'vitest';
import { AppError } from '../../../server/errors';

/**
 * Awaits `work` and asserts it rejected with an AppError, with `code` and a
 * message matching `message` when given. Returns the error for further checks.
 */
export async function expectAppError(work: Promise<unknown>, code?: AppError['code'], message?: RegExp): Promise<AppError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  if (code) expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
}
