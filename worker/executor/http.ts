import { StringDecoder } from 'node:string_decoder';
import { failed, messageOf, stopped, succeeded, type KindContext } from './outcome';
import type { RunOutcome } from './types';

/** How much of a response body goes to the run's output. */
export const HTTP_BODY_LOG_BYTES = 64 * 1024;

/**
 * One HTTP request with the global fetch. The run's stop signal (timeout,
 * cancel, shutdown) aborts both the request and the reading of the body.
 * 2xx succeeds; any other status fails with "HTTP <status> <text>".
 */
export async function runHttp({ options, sink, stop, now }: KindContext): Promise<RunOutcome> {
  const { task } = options;
  const method = (task.httpMethod?.trim() || 'GET').toUpperCase();
  const url = task.httpUrl?.trim() ?? '';
  sink.system(`${method} ${url}`);
  if (url === '') return failed('http task has no URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return failed(`invalid URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return failed(`unsupported URL scheme ${parsed.protocol} (http or https only)`);

  const started = now();
  try {
    const response = await fetch(parsed, {
      method,
      headers: task.httpHeaders ?? undefined,
      body: task.httpBody ?? undefined,
      signal: stop.signal,
    });
    const statusLine = `HTTP ${response.status} ${response.statusText}`.trim();
    sink.system(`${statusLine} in ${Math.round(now() - started)} ms`);
    const body = await readBounded(response, HTTP_BODY_LOG_BYTES);
    if (body.text !== '') sink.write('stdout', body.text);
    if (body.cut) sink.system(`[response body cut after ${HTTP_BODY_LOG_BYTES} bytes]`);

    const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'set-cookie'));
    const result = { status: response.status, statusText: response.statusText, headers };
    return response.ok ? succeeded(result) : failed(statusLine, { result });
  } catch (err) {
    const reason = stop.reason();
    if (reason) return stopped(reason, options.timeoutMs);
    return failed(networkError(err));
  }
}

/** The body's first `limit` bytes as text; the rest is not downloaded. */
async function readBounded(response: Response, limit: number): Promise<{ text: string; cut: boolean }> {
  if (!response.body) return { text: '', cut: false };
  const reader = response.body.getReader();
  const decoder = new StringDecoder('utf8');
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.end(), cut: false };
    const room = limit - size;
    if (value.length > room) {
      // A character cut at the limit is dropped, not turned into U+FFFD.
      text += decoder.write(Buffer.from(value.buffer, value.byteOffset, room));
      await reader.cancel().catch(() => undefined);
      return { text, cut: true };
    }
    size += value.length;
    text += decoder.write(Buffer.from(value.buffer, value.byteOffset, value.length));
  }
}

/**
 * fetch() says only "fetch failed"; the reason is in its cause, e.g.
 * "connect ECONNREFUSED 127.0.0.1:9" (an AggregateError when several
 * addresses were tried).
 */
function networkError(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  let message: string;
  if (cause instanceof AggregateError && cause.errors.length > 0) message = [...new Set(cause.errors.map(messageOf))].join('; ');
  else message = messageOf(cause ?? err);
  // fetch refuses ports of other protocols (the Fetch standard's "bad ports", e.g. 9, 25, 6000).
  return message === 'bad port' ? 'bad port: fetch refuses ports reserved for other protocols' : message;
}
