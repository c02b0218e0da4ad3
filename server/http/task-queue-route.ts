// The REST task-queue compatibility API's transport (/api/scheduler/…): each
// route handler in app/api/scheduler/ is `taskQueueRoute(fn)`, `fn` from
// server/compat/task-queue.ts. It answers the way /api/v1 does (Bearer token
// or session cookie, the same per-caller rate limit, errors in the one shape
// `{ error: { code, message, fields } }`, X-Request-Id), and `fn` calls the
// /api/v1 procedures through a tRPC caller, so the role checks and validation
// are theirs: it only maps shapes.
import 'server-only';
import { bootstrap } from '../bootstrap';
import { httpStatusFor, isAppError } from '../errors';
import { createContext } from '../trpc/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/routers/_app';
import { apiErrorResponse, rateLimitAnswer, readBodyAfterAccess, requestIdOf, restErrorOf } from './rest-api';

const createCaller = createCallerFactory(appRouter);
export type ApiCaller = ReturnType<typeof createCaller>;

export interface TaskQueueRequest {
  api: ApiCaller;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body (POST), `{}` when empty or unreadable (then every procedure it calls throws why, after its role check). */
  body: unknown;
}

type RouteContext = { params: Promise<Record<string, string>> };

export function taskQueueRoute(fn: (request: TaskQueueRequest) => Promise<unknown>, options: { status?: number } = {}) {
  return async (req: Request, context: RouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(req.headers);
    const path = new URL(req.url).pathname;
    let status = 500;
    const app = await bootstrap('web');
    let actorName: string | null = null;
    try {
      // A body it cannot read is answered after the procedure's access decision, as on /api/v1.
      const { body, requestError } = req.method === 'POST' ? await readBodyAfterAccess(req) : { body: {} };
      const ctx = { ...(await createContext({ headers: req.headers, transport: 'rest' })), requestError };
      actorName = ctx.actor?.name ?? null;
      const limited = await rateLimitAnswer(ctx, req.headers, app.config, requestId);
      if (limited) {
        status = 429;
        return limited;
      }
      const result = await fn({ api: createCaller(ctx), params: await context.params, query: new URL(req.url).searchParams, body });
      status = options.status ?? 200;
      return Response.json(result, { status, headers: { 'x-request-id': requestId } });
    } catch (caught) {
      const error = restErrorOf(caught, { method: req.method, path });
      status = httpStatusFor(error);
      if (!isAppError(error)) app.logger.error({ err: error, requestId }, 'API request failed');
      return apiErrorResponse(error, requestId);
    } finally {
      app.logger.info({ requestId, method: req.method, path, status, ms: Math.round(performance.now() - started), actor: actorName }, 'api request');
    }
  };
}
