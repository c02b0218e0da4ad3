import { ERROR_CODES } from '../errors';
import { BODY_TOO_LARGE_MESSAGE, MAX_BODY_BYTES, MAX_JSON_DEPTH } from './limits';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (text: string) => !LONE_SURROGATE.test(text);

export type BodyResult = { ok: true; bytes: Uint8Array } | { ok: false; response: Response };

/** A JSON error answer of a route handler. */
export const jsonError = (status: number, error: string) => Response.json({ error }, { status });

/**
 * Reads a request body, refusing (413) one larger than the limit: by its
 * Content-Length up front, else counted as it streams in, so a body without a
 * length is never buffered past the limit.
 */
export async function readLimitedBody(request: Request, max = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) return { ok: false, response: jsonError(ERROR_CODES.PAYLOAD_TOO_LARGE.status, BODY_TOO_LARGE_MESSAGE) };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, response: jsonError(ERROR_CODES.PAYLOAD_TOO_LARGE.status, BODY_TOO_LARGE_MESSAGE) };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/**
 * What is wrong with a parsed JSON value that no schema should have to meet:
 * nesting deeper than MAX_JSON_DEPTH, or text that is not valid Unicode (a
 * lone surrogate, which no database column stores). Null when it is fine.
 * Iterative, so a hostile depth cannot overflow the stack.
 */
export function jsonProblem(value: unknown): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (!wellFormed(item.value)) return `The request contains text that is not valid Unicode (a lone surrogate)${item.path ? ` at ${item.path.slice(0, 200)}` : ''}.`;
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_JSON_DEPTH) return `The request's JSON is nested more than ${MAX_JSON_DEPTH} levels deep.`;
    for (const [key, child] of Object.entries(item.value)) {
      if (!wellFormed(key)) return 'The request contains a key that is not valid Unicode (a lone surrogate).';
      stack.push({ value: child, depth: item.depth + 1, path: Array.isArray(item.value) ? `${item.path}[${key}]` : item.path ? `${item.path}.${key}` : key });
    }
  }
  return null;
}

/** Parses JSON text and checks it with jsonProblem: the value, or the 400 to answer. */
export function parseCheckedJson(text: string): { ok: true; value: unknown } | { ok: false; response: Response } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, response: jsonError(400, 'The request body must be JSON.') };
  }
  const problem = jsonProblem(value);
  return problem ? { ok: false, response: jsonError(400, problem) } : { ok: true, value };
}

/** The request with its body read under the limit (for handlers that then call request.json() or formData()). */
export async function withLimitedBody(request: Request): Promise<{ ok: true; request: Request } | { ok: false; response: Response }> {
  const body = await readLimitedBody(request);
  if (!body.ok) return body;
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  return { ok: true, request: new Request(request.url, { method: request.method, headers, body: body.bytes.byteLength > 0 ? new Blob([body.bytes as Uint8Array<ArrayBuffer>]) : null, signal: request.signal }) };
}
