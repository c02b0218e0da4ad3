// A server-sent events response for route handlers (the run log follow, the
// events stream): framing, heartbeat comments, a failure event instead of a
// stack, and a clean stop when the client goes away (no timer left running).
import type { ErrorLogger } from '../errors';

export interface SseMessage {
  /** Becomes the client's Last-Event-ID. */
  id?: number | string;
  event?: string;
  /** Sent as JSON. */
  data?: unknown;
}

export interface SseSink {
  send(message: SseMessage): void;
  /** A comment line (`: text`): keeps proxies from timing the connection out. */
  comment(text: string): void;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
}

export interface SseResponseOptions {
  request: Request;
  logger: ErrorLogger;
  /** Logged with a failure. */
  context: object;
  /** Every this often (default 15 s) `heartbeat` is written. */
  heartbeatMs?: number;
  /** What the heartbeat writes (default the comment `: heartbeat`). */
  heartbeat?: (sink: SseSink) => void;
  /** Reconnect delay the client is told (ms, default 1000). */
  retryMs?: number;
  /** Writes the stream; when it returns, the response ends. */
  produce: (sink: SseSink) => Promise<void>;
}

const encoder = new TextEncoder();

export function formatSseMessage(message: SseMessage): string {
  let text = '';
  if (message.id !== undefined) text += `id: ${message.id}\n`;
  if (message.event !== undefined) text += `event: ${message.event}\n`;
  if (message.data !== undefined) text += `data: ${JSON.stringify(message.data)}\n`;
  return `${text}\n`;
}

export function sseResponse(options: SseResponseOptions): Response {
  const abort = new AbortController();
  options.request.signal.addEventListener('abort', () => abort.abort(), { once: true });
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (!abort.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      const sink: SseSink = {
        send: (message) => write(formatSseMessage(message)),
        comment: (text) => write(`: ${text}\n\n`),
        signal: abort.signal,
      };
      heartbeat = setInterval(() => (options.heartbeat ?? ((s) => s.comment('heartbeat')))(sink), options.heartbeatMs ?? 15_000);
      try {
        write(`retry: ${options.retryMs ?? 1000}\n\n`);
        await options.produce(sink);
      } catch (error) {
        if (!abort.signal.aborted) {
          options.logger.error({ err: error, ...options.context }, 'event stream failed');
          sink.send({ event: 'failure', data: { message: 'The stream stopped; the details are in the server log.' } });
        }
      } finally {
        clearInterval(heartbeat);
        if (!abort.signal.aborted) controller.close();
      }
    },
    cancel() {
      clearInterval(heartbeat);
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
}
