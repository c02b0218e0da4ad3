import { refuseCrossSite } from '@/server/auth/route-helpers';
import { errorResponse } from '@/server/errors';
import { withLimitedBody } from '@/server/http/request-body';
import { webLogger } from '@/server/lib/web-logger';

/**
 * The front shared by the sign-in and setup POST handlers: a cross-site request
 * is refused, a body over the limit gets 413, then `handler` runs with the
 * buffered request; whatever it throws is answered by errorResponse (an AppError
 * with its status, anything else a logged 500).
 */
export function authPostRoute(handler: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    const refused = refuseCrossSite(request);
    if (refused) return refused;
    const limited = await withLimitedBody(request);
    if (!limited.ok) return limited.response;
    try {
      return await handler(limited.request);
    } catch (error) {
      return errorResponse(error, { logger: webLogger() });
    }
  };
}
