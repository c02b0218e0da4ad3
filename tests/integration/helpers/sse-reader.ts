/**
 * Reads a server-sent events body as an EventSource would: messages split on a
 * blank line, `id:`, `event:`, `data:` fields, comments (`:`) kept apart.
 * `next()` waits for the next message (or null at the end of the body).
 */
export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comments: string[];
}

export interface SseReader {
  next(timeoutMs?: number): Promise<SseEvent | null>;
  /** Messages until `count` with data have arrived (skips id-only and comment-only messages). */
  take(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  close(): Promise<void>;
}

export function readSse(body: ReadableStream<Uint8Array>): SseReader {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  // A read still pending after a timeout is kept for the next call, so no chunk is lost.
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;

  const parse = (block: string): SseEvent => {
    const message: SseEvent = { comments: [] };
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) message.comments.push(line.slice(1).trim());
      else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') message.id = value;
        else if (field === 'event') message.event = value;
        else if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
      }
    }
    return message;
  };

  const next = async (timeoutMs = 10_000): Promise<SseEvent | null> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parse(block);
      }
      if (ended) return null;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no server-sent event within ${timeoutMs} ms (buffer: ${JSON.stringify(buffer.slice(0, 200))})`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        (pending ??= reader.read()),
        new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left))),
      ]);
      clearTimeout(timer);
      if (chunk === 'timeout') continue;
      pending = undefined;
      if (chunk.done) ended = true;
      else buffer += decoder.decode(chunk.value, { stream: true });
    }
  };

  return {
    next,
    async take(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      const out: SseEvent[] = [];
      while (out.length < count) {
        const message = await next(Math.max(1, deadline - Date.now()));
        if (message === null) break;
        if (message.data !== undefined) out.push(message);
      }
      return out;
    },
    async close() {
      await reader.cancel().catch(() => undefined);
    },
  };
}
