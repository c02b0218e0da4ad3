import { expect } from 'vitest';
import { AppError } from '../../../server/errors';

/** The AppError that `fn` throws (the test fails when it throws something else, or nothing). */
export function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error');
}

/** The message of the INVALID_CONFIG error `fn` throws. */
export function invalidConfigMessage(fn: () => unknown): string {
  const error = appErrorOf(fn);
  expect(error.code).toBe('INVALID_CONFIG');
  return error.message;
}
