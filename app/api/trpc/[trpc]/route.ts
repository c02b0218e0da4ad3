import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { jsonError, parseCheckedJson, readLimitedBody } from '@/server/http/request-body';
import { MAX_TRPC_BATCH } from '@/server/http/limits';
import { createContext } from '@/server/trpc/context';
import { appRouter } from '@/server/trpc/routers/_app';

export const dynamic = 'force-dynamic';

const ENDPOINT = '/api/trpc';
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Transport limits before tRPC sees the request (server/http/limits.ts): a batch
 * of at most MAX_TRPC_BATCH calls, a body of at most 1 MiB (413), and JSON
 * input without hostile nesting or lone surrogates; a POST body is a JSON
 * object (`{"json": …}`, or `{"0": {"json": …}}` for a batch), so `null` is a
 * 400 that says so rather than a transformer's TypeError.
 */
async function handler(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const isBatch = url.searchParams.get('batch') === '1';
  const calls = url.pathname.slice(url.pathname.indexOf(ENDPOINT) + ENDPOINT.length + 1).split(',').length;
  if (isBatch && calls > MAX_TRPC_BATCH) return jsonError(400, `A batch may hold at most ${MAX_TRPC_BATCH} calls; this one has ${calls}.`);

  let request = req;
  if (req.method === 'POST') {
    const body = await readLimitedBody(req);
    if (!body.ok) return body.response;
    const text = new TextDecoder().decode(body.bytes);
    if (text.trim() !== '') {
      const parsed = parseCheckedJson(text);
      if (!parsed.ok) return parsed.response;
      const inputs = isObject(parsed.value) ? (isBatch ? Object.values(parsed.value) : [parsed.value]) : [null];
      if (!inputs.every(isObject)) {
        return jsonError(400, `The request body must be a JSON object: {"json": …} for one call${isBatch ? ', and one such object per call of a batch' : ''}.`);
      }
    }
    const headers = new Headers(req.headers);
    headers.delete('content-length');
    request = new Request(req.url, { method: 'POST', headers, body: text, signal: req.signal });
  } else {
    const input = url.searchParams.get('input');
    if (input !== null) {
      const parsed = parseCheckedJson(input);
      if (!parsed.ok) return parsed.response;
    }
  }
  return fetchRequestHandler({
    endpoint: ENDPOINT,
    req: request,
    router: appRouter,
    maxBatchSize: MAX_TRPC_BATCH,
    createContext: () => createContext({ headers: request.headers }),
  });
}

export { handler as GET, handler as POST };
