// One /api/v1 request through trpc-to-openapi's handler, built once per
// process. trpc-to-openapi's fetch adapter (createOpenApiFetchHandler) builds
// its handler on every request, and with it the route table of every
// procedure (~0.9 ms of CPU a request on a loaded machine, issue 12; in
// development also the whole OpenAPI document), and reads and parses the body
// a second time. This adapter keeps one handler and hands it the body the
// REST transport already read (server/http/rest-api.ts).
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import type { Context } from '../trpc/context';
import { API_BASE_PATH } from '../trpc/openapi/document';
import { appRouter } from '../trpc/routers/_app';

/** What one call carries past the shared handler: its context in, the procedure's error out. */
interface Call {
  ctx: Context;
  failure?: unknown;
}
const CALL = Symbol('cronboard.openapi-call');
type CallRequest = { [CALL]: Call };

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
let handler: Handler | undefined;

function openApiHandler(): Handler {
  return (handler ??= createOpenApiNodeHttpHandler({
    router: appRouter,
    createContext: ({ req }) => (req as unknown as CallRequest)[CALL].ctx,
    onError: ({ error, req }) => {
      (req as unknown as CallRequest)[CALL].failure = error;
    },
  }) as unknown as Handler);
}

/**
 * Calls the procedure behind `request` (its method and path under
 * /api/v1) with `ctx`; `body` is the parsed JSON body of a POST/PUT/PATCH and
 * `headers` the ones the procedure sees. Returns the answer and, when it is
 * an error, what the procedure (or the router) threw.
 */
export async function callOpenApiProcedure(request: Request, options: { ctx: Context; headers: Headers; body?: unknown }): Promise<{ response: Response; failure: unknown }> {
  const call: Call = { ctx: options.ctx };
  // As trpc-to-openapi's fetch adapter: the handler routes on the URL without the base path.
  const url = request.url.replace(API_BASE_PATH, '');
  const req = new Proxy(request, {
    get(target, prop) {
      if (prop === CALL) return call;
      if (prop === 'url') return url;
      if (prop === 'headers') return options.headers;
      if (prop === 'body') return options.body === undefined ? target.body : options.body;
      return (target as unknown as Record<PropertyKey, unknown>)[prop];
    },
  });
  const response = await new Promise<Response>((resolve, reject) => {
    const headers = new Headers();
    const res = {
      statusCode: 200,
      setHeader(key: string, value: string | string[]) {
        if (typeof value === 'string') headers.set(key, value);
        else for (const v of value) headers.append(key, v);
      },
      end(body?: string) {
        resolve(new Response(body, { status: res.statusCode, headers }));
      },
    };
    openApiHandler()(req as unknown as IncomingMessage, res as unknown as ServerResponse).catch(reject);
  });
  return { response, failure: call.failure };
}
