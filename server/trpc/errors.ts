import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ERROR_CODES, type AppErrorCode } from '../errors';

/**
 * tRPC's name for each HTTP status our codes use (tRPC turns the name back into
 * the same status). The status itself comes from ERROR_CODES, so a procedure
 * and a route handler answer an AppError with the same HTTP status.
 */
const TRPC_CODE_FOR_STATUS: Partial<Record<number, TRPC_ERROR_CODE_KEY>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** The tRPC error code for a domain error code (via its HTTP status in ERROR_CODES). */
export function trpcCodeFor(code: AppErrorCode): TRPC_ERROR_CODE_KEY {
  return TRPC_CODE_FOR_STATUS[ERROR_CODES[code].status] ?? 'INTERNAL_SERVER_ERROR';
}
