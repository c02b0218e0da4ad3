// The one table of error codes (server/errors.ts) and every transport that
// derives from it: route handlers (errorResponse), tRPC (trpcCodeFor, checked
// against tRPC's own status for its code) and the CLI's exit status.
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_USAGE, exitStatusFor } from '../../cli/io';
import { AppError, ERROR_CODES, errorResponse, httpStatusFor, INTERNAL_ERROR_MESSAGE, type AppErrorCode } from '../../server/errors';
import { trpcCodeFor } from '../../server/trpc/errors';

const CODES = Object.keys(ERROR_CODES) as AppErrorCode[];

describe('the error code table', () => {
  it.each([
    ['BAD_REQUEST', 400, EXIT_USAGE],
    ['INVALID_SCHEDULE', 400, EXIT_USAGE],
    ['UNAUTHORIZED', 401, EXIT_FAILURE],
    ['FORBIDDEN', 403, EXIT_FAILURE],
    // An unknown key or id is bad input (issue 15: the README promises exit 2).
    ['NOT_FOUND', 404, EXIT_USAGE],
    ['CONFLICT', 409, EXIT_FAILURE],
    ['PRECONDITION_FAILED', 412, EXIT_FAILURE],
    ['PAYLOAD_TOO_LARGE', 413, EXIT_USAGE],
    ['VALIDATION_FAILED', 422, EXIT_USAGE],
    ['TOO_MANY_REQUESTS', 429, EXIT_FAILURE],
    ['INVALID_CONFIG', 500, EXIT_USAGE],
    ['MIGRATION_FAILED', 500, EXIT_FAILURE],
    ['INTERNAL', 500, EXIT_FAILURE],
    ['DATABASE_UNAVAILABLE', 503, EXIT_FAILURE],
  ] as const)('%s is HTTP %i and CLI exit %i', (code, status, exit) => {
    const error = new AppError(code, 'x');
    expect(httpStatusFor(error)).toBe(status);
    expect(exitStatusFor(error)).toBe(exit);
  });

  it('covers every code (a new code needs a row above)', () => {
    expect(CODES).toHaveLength(14);
  });

  it('anything that is not an AppError is a 500 and a failure', () => {
    for (const error of [new Error('boom'), 'a string', null, { code: 'NOT_FOUND' }]) {
      expect(httpStatusFor(error)).toBe(500);
      expect(exitStatusFor(error)).toBe(EXIT_FAILURE);
    }
  });

  it.each(CODES)('tRPC answers %s with the same HTTP status as the route handlers', (code) => {
    const trpc = new TRPCError({ code: trpcCodeFor(code), message: 'x' });
    expect(getHTTPStatusCodeFromError(trpc)).toBe(ERROR_CODES[code].status);
  });

  it('keeps the tRPC codes the browser already reads', () => {
    expect(CODES.map((c) => [c, trpcCodeFor(c)])).toEqual([
      ['BAD_REQUEST', 'BAD_REQUEST'],
      ['INVALID_SCHEDULE', 'BAD_REQUEST'],
      ['UNAUTHORIZED', 'UNAUTHORIZED'],
      ['FORBIDDEN', 'FORBIDDEN'],
      ['NOT_FOUND', 'NOT_FOUND'],
      ['CONFLICT', 'CONFLICT'],
      ['PRECONDITION_FAILED', 'PRECONDITION_FAILED'],
      ['PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
      ['VALIDATION_FAILED', 'UNPROCESSABLE_CONTENT'],
      ['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS'],
      ['INVALID_CONFIG', 'INTERNAL_SERVER_ERROR'],
      ['MIGRATION_FAILED', 'INTERNAL_SERVER_ERROR'],
      ['INTERNAL', 'INTERNAL_SERVER_ERROR'],
      ['DATABASE_UNAVAILABLE', 'SERVICE_UNAVAILABLE'],
    ]);
  });
});

describe('errorResponse', () => {
  const recorder = () => {
    const logged: { details: Record<string, unknown>; message: string }[] = [];
    return { logged, logger: { error: (details: object, message: string) => logged.push({ details: details as Record<string, unknown>, message }) } };
  };

  it('answers an AppError with its status, message and field errors, and logs nothing', async () => {
    const { logged, logger } = recorder();
    const error = new AppError('CONFLICT', 'A user with email a@b.c already exists', {
      issues: [
        { path: 'email', message: 'is already taken' },
        { path: 'email', message: 'is reserved' },
      ],
    });
    const response = errorResponse(error, { logger });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: 'A user with email a@b.c already exists', fieldErrors: { email: ['is already taken', 'is reserved'] } });
    expect(logged).toEqual([]);
  });

  it('answers anything else with 500 and a generic message, and logs the error with its stack and context', async () => {
    const { logged, logger } = recorder();
    const error = new Error('SQLITE_CORRUPT: secret table name');
    const response = errorResponse(error, { logger, context: { runId: 7 } });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: INTERNAL_ERROR_MESSAGE });
    expect(text).not.toContain('SQLITE_CORRUPT');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.details).toMatchObject({ err: error, runId: 7 });
    expect((logged[0]!.details.err as Error).stack).toContain('errors.test.ts');
  });

  it('a database outage is 503 with its message (the caller can retry)', async () => {
    const response = errorResponse(new AppError('DATABASE_UNAVAILABLE', 'Cannot reach the database at postgresql://db/cronboard'));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toBe('Cannot reach the database at postgresql://db/cronboard');
  });
});
