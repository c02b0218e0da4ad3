import { registerHandler, type HandlerContext } from './registry';

/** Does nothing; handy for tests, benchmarks and checking that a worker runs. */
registerHandler('noop', () => ({ ok: true }));

/** Waits {ms} or {seconds}, and stops early when the run is aborted. */
registerHandler('sleep', async ({ payload, signal }: HandlerContext) => {
  const p = asObject(payload, 'sleep');
  const ms = typeof p.ms === 'number' ? p.ms : typeof p.seconds === 'number' ? p.seconds * 1000 : NaN;
  if (!Number.isFinite(ms) || ms < 0) throw new Error('sleep: the payload needs "ms" or "seconds", a number ≥ 0');
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('sleep aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { sleptMs: ms };
});

/**
 * One HTTP request: {url, method?, headers?, body?}; a body that is not a
 * string is sent as JSON. Non-2xx throws, so the run fails, as for http tasks.
 */
registerHandler('http', async ({ payload, signal, logger }: HandlerContext) => {
  const p = asObject(payload, 'http');
  if (typeof p.url !== 'string' || p.url === '') throw new Error('http: the payload needs "url", a string');
  const method = typeof p.method === 'string' ? p.method.toUpperCase() : 'GET';
  const headers = new Headers(isStringRecord(p.headers) ? p.headers : undefined);
  let body: string | undefined;
  if (typeof p.body === 'string') body = p.body;
  else if (p.body !== undefined && p.body !== null) {
    body = JSON.stringify(p.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const response = await fetch(p.url, { method, headers, body, signal });
  await response.body?.cancel().catch(() => undefined);
  const line = `HTTP ${response.status} ${response.statusText}`.trim();
  logger.info(`${method} ${p.url} → ${line}`);
  if (!response.ok) throw new Error(line);
  return { status: response.status };
});

function asObject(payload: unknown, handler: string): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new Error(`${handler}: the payload must be a JSON object`);
  }
  return payload as Record<string, unknown>;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}
