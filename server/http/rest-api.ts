// The REST API's transport (/api/v1): the request checks every route shares
// (body under 1 MiB, JSON without hostile nesting, a per-caller rate limit),
// then the procedure through trpc-to-openapi (one handler per process: openapi-call.ts), and every error answered in the
// one shape `{ error: { code, message, fields } }` (server/errors.ts). Every
// answer carries X-Request-Id, which is also in its log line.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { clientAddress } from '../auth/client-address';
import { bootstrap } from '../bootstrap';
import type { Config } from '../config';
import type { Db } from '../db';
import { AppError, apiErrorBody, httpStatusFor, isAppError, StaleVersionError, type AppErrorCode } from '../errors';
import { webLogger } from '../lib/web-logger';
import { createContext, type Context } from '../trpc/context';
import { API_BASE_PATH } from '../trpc/openapi/document';
import { cachedListAnswer, isCachedListRoute } from './list-cache';
import { callOpenApiProcedure } from './openapi-call';
import { spendApiRequest } from './rate-limit';
import { parseCheckedJson, readLimitedBody } from './request-body';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's X-Request-Id when it is a sane token, else a new one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** An error answer of the REST API, with its request id. */
export function apiErrorResponse(error: unknown, requestId: string, headers: Record<string, string> = {}): Response {
  return Response.json(apiErrorBody(error), { status: httpStatusFor(error), headers: { 'x-request-id': requestId, ...headers } });
}

const TRPC_TO_APP: Partial<Record<TRPCError['code'], AppErrorCode>> = {
  BAD_REQUEST: 'BAD_REQUEST',
  PARSE_ERROR: 'BAD_REQUEST',
  UNSUPPORTED_MEDIA_TYPE: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
};

/** The domain error behind what a procedure (or the router) threw; an unexpected error comes back as it is (logged, answered 500). */
export function restErrorOf(error: unknown, request: { method: string; path: string }): unknown {
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error;
  // A stale version came as If-Match (or expectedVersion): HTTP's word for that is 412.
  if (cause instanceof StaleVersionError) return new AppError('PRECONDITION_FAILED', cause.message);
  if (isAppError(cause)) return cause;
  if (cause instanceof ZodError) {
    const issues = cause.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message }));
    const summary = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ');
    return new AppError('VALIDATION_FAILED', `The request is not valid: ${summary}`, { issues });
  }
  if (error instanceof TRPCError) {
    if (error.code === 'NOT_FOUND' && error.message === 'Not found') return new AppError('NOT_FOUND', `No route ${request.method} ${API_BASE_PATH}${request.path} (see ${API_BASE_PATH}/openapi.json)`);
    if (error.code === 'PARSE_ERROR') return new AppError('BAD_REQUEST', 'The request body must be JSON.');
    const code = TRPC_TO_APP[error.code];
    if (code) return new AppError(code, error.message);
  }
  return error;
}

/** A request's JSON body (`{}` when empty): 413 past 1 MiB, 400 when it is not JSON or nests too deep. */
async function readJsonBody(req: Request): Promise<unknown> {
  const body = await readLimitedBody(req);
  if (!body.ok) throw new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MiB.');
  const text = new TextDecoder().decode(body.bytes);
  if (text.trim() === '') return {};
  const parsed = parseCheckedJson(text);
  if (!parsed.ok) throw new AppError('BAD_REQUEST', ((await parsed.response.json()) as { error: string }).error);
  return parsed.value;
}

/** The per-caller rate limit (a token, a user, else the client address): the 429 answer once spent, else null. */
export async function rateLimitAnswer(ctx: Pick<Context, 'actor'>, headers: Headers, config: Pick<Config, 'trustProxy' | 'apiRateLimitPerMinute'>, requestId: string): Promise<Response | null> {
  const who = ctx.actor ? `${ctx.actor.type}:${ctx.actor.id ?? ctx.actor.name}` : `address:${clientAddress(headers, config.trustProxy)}`;
  const limited = await spendApiRequest(who, config.apiRateLimitPerMinute);
  if (!limited) return null;
  const message = `Rate limit: at most ${config.apiRateLimitPerMinute} requests a minute; try again in ${limited.retryAfterSeconds} s.`;
  return apiErrorResponse(new AppError('TOO_MANY_REQUESTS', message), requestId, { 'retry-after': String(limited.retryAfterSeconds) });
}

/**
 * A request's JSON object body (`{}` when empty); when it cannot be read (not JSON, not an object,
 * over 1 MiB) the body is `{}` and `requestError` says why: put it in the Context, and every
 * procedure throws it after its role check, so who may call is answered first (401/403).
 */
export async function readBodyAfterAccess(req: Request): Promise<{ body: Record<string, unknown>; requestError?: Error }> {
  try {
    const value = await readJsonBody(req);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppError('BAD_REQUEST', 'The request body must be a JSON object ({…}).');
    return { body: value as Record<string, unknown> };
  } catch (error) {
    return { body: {}, requestError: error instanceof Error ? error : new AppError('BAD_REQUEST', 'The request body could not be read.') };
  }
}

/** The procedure's answer; a cached list route (list-cache.ts) may answer 304 or its kept page instead. */
async function answerOf(req: Request, options: { ctx: Context; headers: Headers; body: unknown; path: string; search: string; db: Db }): Promise<{ response: Response; failure: unknown }> {
  const call = () => callOpenApiProcedure(req, { ctx: options.ctx, headers: options.headers, body: options.body });
  const role = options.ctx.actor?.role;
  if (!role || !isCachedListRoute(req.method, options.path)) return call();
  let failure: unknown;
  const produce = async () => {
    const answer = await call();
    failure = answer.failure;
    return answer.response;
  };
  const response = await cachedListAnswer({ db: options.db, request: req, search: options.search, role, produce });
  return { response, failure };
}

const hasBody = (method: string) => method === 'POST' || method === 'PUT' || method === 'PATCH';

/** Handles one /api/v1 request (the catch-all route's GET, POST, PUT, PATCH and DELETE). */
export async function handleRestRequest(req: Request): Promise<Response> {
  const started = performance.now();
  const requestId = requestIdOf(req.headers);
  const url = new URL(req.url);
  const path = url.pathname.slice(url.pathname.indexOf(API_BASE_PATH) + API_BASE_PATH.length) || '/';
  let logger = webLogger();
  let status = 500;
  let actorName: string | null = null;
  try {
    const app = await bootstrap('web');
    logger = app.logger;
    let headers = req.headers;
    let body: unknown;
    let requestError: Error | undefined;
    if (hasBody(req.method)) {
      ({ body, requestError } = await readBodyAfterAccess(req));
      headers = new Headers(req.headers);
      headers.delete('content-length');
      // JSON is the only body the API reads: a client that forgot the header (curl -d) is not refused for it.
      headers.set('content-type', 'application/json');
    }
    const ctx: Context = { ...(await createContext({ headers, transport: 'rest' })), requestError };
    actorName = ctx.actor?.name ?? null;
    const limited = await rateLimitAnswer(ctx, req.headers, app.config, requestId);
    if (limited) {
      status = 429;
      return limited;
    }

    const { response, failure } = await answerOf(req, { ctx, headers, body, path, search: url.search, db: app.handle.db });
    status = response.status;
    if (response.status < 400) {
      // Our own Response (openapi-call.ts), headers still mutable: no second Response streaming the body through.
      response.headers.set('x-request-id', requestId);
      return response;
    }
    const error = restErrorOf(failure ?? new TRPCError({ code: 'INTERNAL_SERVER_ERROR' }), { method: req.method, path });
    status = httpStatusFor(error);
    if (!isAppError(error)) logger.error({ err: error instanceof TRPCError ? (error.cause ?? error) : error, requestId }, 'API request failed');
    return apiErrorResponse(error, requestId);
  } catch (error) {
    status = httpStatusFor(error);
    if (!isAppError(error)) logger.error({ err: error, requestId }, 'API request failed');
    return apiErrorResponse(error, requestId);
  } finally {
    logger.info({ requestId, method: req.method, path: `${API_BASE_PATH}${path}`, status, ms: Math.round(performance.now() - started), actor: actorName }, 'api request');
  }
}
