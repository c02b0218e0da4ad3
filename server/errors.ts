// The domain's one error type, and the one table of what each code means to a
// caller. Services throw AppError with a code; every transport derives its
// answer from ERROR_CODES: route handlers (errorResponse, here), tRPC
// (server/trpc/errors.ts maps the HTTP status to its code) and the CLI's exit
// status (cli/io.ts). Users see `message`; logs get the stack.
//
// No server-only imports here: forms and schemas shared with the browser
// reach this file through the schedule parser.

import { clipEcho } from './http/clip-echo';

/**
 * Per code: the HTTP status, and whether the caller's input (a request, CLI
 * arguments, a schedule, the configuration) was wrong, so that fixing the
 * input fixes it (the CLI exits 2 for those, 1 for the rest).
 */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, badInput: true },
  INVALID_SCHEDULE: { status: 400, badInput: true },
  UNAUTHORIZED: { status: 401, badInput: false },
  FORBIDDEN: { status: 403, badInput: false },
  // The key or id the caller named does not exist: fixing the input fixes it.
  NOT_FOUND: { status: 404, badInput: true },
  CONFLICT: { status: 409, badInput: false },
  /** A write conditioned on a version (REST `If-Match`) that is no longer current. */
  PRECONDITION_FAILED: { status: 412, badInput: false },
  PAYLOAD_TOO_LARGE: { status: 413, badInput: true },
  /** Well-formed input that its schema refuses, field by field (the REST API's answer to a ZodError). */
  VALIDATION_FAILED: { status: 422, badInput: true },
  TOO_MANY_REQUESTS: { status: 429, badInput: false },
  INVALID_CONFIG: { status: 500, badInput: true },
  MIGRATION_FAILED: { status: 500, badInput: false },
  INTERNAL: { status: 500, badInput: false },
  DATABASE_UNAVAILABLE: { status: 503, badInput: false },
} as const satisfies Record<string, { status: number; badInput: boolean }>;

export type AppErrorCode = keyof typeof ERROR_CODES;

export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues: FieldIssue[];

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown; issues?: FieldIssue[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = options?.issues ?? [];
  }
}

/**
 * A count or page argument: `value` (or `fallback` when left out) if it is a
 * whole number from 1 (to `max`), else BAD_REQUEST naming the argument.
 */
export function wholeNumberArg(name: string, value: number | undefined, fallback: number, max?: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || (max !== undefined && n > max)) {
    throw new AppError('BAD_REQUEST', `${name} must be a whole number from 1${max === undefined ? '' : ` to ${max}`}, got ${n}`);
  }
  return n;
}

/**
 * A write refused because the caller's version of the task is stale. A
 * CONFLICT to tRPC and the CLI (the board reloads the card); the REST API,
 * where the version came as `If-Match`, answers it PRECONDITION_FAILED (412).
 */
export class StaleVersionError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
    this.name = 'StaleVersionError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** What anything that is not an AppError tells the caller (the stack goes to the log). */
export const INTERNAL_ERROR_MESSAGE = 'Something went wrong on the server; the details are in the server log.';

/** The HTTP status for an error: its code's, or 500 for anything that is not an AppError. */
export function httpStatusFor(error: unknown): number {
  return isAppError(error) ? ERROR_CODES[error.code].status : 500;
}

/** An AppError's field issues as `{ path: [message, …] }`, the shape forms read. */
export function fieldErrorsOf(error: AppError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path] ??= []).push(clipEcho(issue.message));
  return out;
}

/** The JSON body of an error answer: `{ error: message, fieldErrors }` (the message only for unexpected errors). */
export function errorBody(error: unknown): { error: string; fieldErrors?: Record<string, string[]> } {
  return isAppError(error) ? { error: clipEcho(error.message), fieldErrors: fieldErrorsOf(error) } : { error: INTERNAL_ERROR_MESSAGE };
}

/** The REST API's error body (every /api/v1 route): `{ error: { code, message, fields } }`, one message per field. */
export interface ApiErrorBody {
  error: { code: AppErrorCode; message: string; fields: Record<string, string> };
}

/** An error as the REST API answers it: its code, clipped message and fields; anything unexpected is INTERNAL with the generic message. */
export function apiErrorBody(error: unknown): ApiErrorBody {
  if (!isAppError(error)) return { error: { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE, fields: {} } };
  const fields = Object.fromEntries(Object.entries(fieldErrorsOf(error)).map(([path, messages]) => [path, messages.join('; ')]));
  return { error: { code: error.code, message: clipEcho(error.message), fields } };
}

/** Where errorResponse logs an unexpected error (a pino logger fits). */
export interface ErrorLogger {
  error(details: object, message: string): void;
}

const consoleLogger: ErrorLogger = { error: (details, message) => console.error(message, details) };

/**
 * The answer to a failed request, for any HTTP transport (route handlers
 * today, REST later): an AppError keeps its message, field issues and mapped
 * status; anything else is logged with its stack (and `context`) and answered
 * 500 with a generic message.
 */
export function errorResponse(error: unknown, options: { logger?: ErrorLogger; context?: Record<string, unknown> } = {}): Response {
  if (!isAppError(error)) (options.logger ?? consoleLogger).error({ err: error, ...options.context }, 'request failed');
  return Response.json(errorBody(error), { status: httpStatusFor(error) });
}
