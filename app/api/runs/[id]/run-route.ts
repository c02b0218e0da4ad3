import { z } from 'zod';
import type { Actor } from '@/server/auth/actor';
import { authorizeRequest } from '@/server/auth/authorize-request';
import { bootstrap, type Started } from '@/server/bootstrap';
import { AppError, errorResponse, type ErrorLogger } from '@/server/errors';
import { webLogger } from '@/server/lib/web-logger';

const runIdParam = z.coerce.number().int().positive();

export interface RunRouteRequest {
  request: Request;
  runId: number;
  actor: Actor;
  app: Started;
}

type RunRouteHandler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

/**
 * The front shared by the `/api/runs/[id]/…` route handlers: the caller must be
 * a viewer (401/403 from authorizeRequest), the `[id]` segment must be a run id
 * (400 naming it), then `handler` runs with the started app; whatever it throws
 * is answered by errorResponse (an AppError with its status, anything else 500,
 * logged with the run id).
 */
export function runRoute(handler: (run: RunRouteRequest) => Promise<Response>): RunRouteHandler {
  return async (request, { params }) => {
    const auth = await authorizeRequest(request, 'viewer');
    if (!auth.ok) return auth.response;
    const raw = (await params).id;
    const parsed = runIdParam.safeParse(raw);
    if (!parsed.success) {
      return errorResponse(new AppError('BAD_REQUEST', `The run id in the URL must be a positive whole number, got '${raw}'.`));
    }
    let logger: ErrorLogger = webLogger();
    try {
      const app = await bootstrap('web');
      logger = app.logger;
      return await handler({ request, runId: parsed.data, actor: auth.actor, app });
    } catch (error) {
      return errorResponse(error, { logger, context: { runId: parsed.data, path: new URL(request.url).pathname } });
    }
  };
}
