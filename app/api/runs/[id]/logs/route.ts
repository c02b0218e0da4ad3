// Server-sent events: a run's log as it grows. Each `chunks` event carries new
// chunks (its id is the last seq, so a reconnecting EventSource resumes after it
// via Last-Event-ID); one `end` event when the run is finished and every chunk
// is out, then the stream closes. The follow stops when the client goes away.
import { followRunLogs } from '@/server/runs/follow-run-logs';
import { getRunLogs } from '@/server/runs/get-run-logs';
import { runRoute } from '../run-route';

export const dynamic = 'force-dynamic';

const encoder = new TextEncoder();
const KEEPALIVE_MS = 15_000;

export const GET = runRoute(async ({ request, runId, app }) => {
  const { handle, logger } = app;
  const lastEventId = Number(request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('after') ?? NaN);
  const afterSeq = Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : null;
  // Before the stream starts, so a missing run is a plain 404 (runRoute) rather than an event stream.
  await getRunLogs({ db: handle.db, runId, limit: 1 });

  const abort = new AbortController();
  request.signal.addEventListener('abort', () => abort.abort(), { once: true });
  let keepalive: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!abort.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      keepalive = setInterval(() => send(': keepalive\n\n'), KEEPALIVE_MS);
      try {
        send('retry: 1000\n\n');
        for await (const update of followRunLogs({ db: handle.db, runId, afterSeq, signal: abort.signal })) {
          if (update.kind === 'chunks') send(`id: ${update.lastSeq}\nevent: chunks\ndata: ${JSON.stringify(update)}\n\n`);
          else send(`event: end\ndata: ${JSON.stringify(update)}\n\n`);
        }
      } catch (error) {
        if (!abort.signal.aborted) {
          logger.error({ err: error, runId }, 'run log stream failed');
          send(
            `event: failure\ndata: ${JSON.stringify({ message: 'The log stream stopped; the details are in the server log.' })}\n\n`,
          );
        }
      } finally {
        clearInterval(keepalive);
        if (!abort.signal.aborted) controller.close();
      }
    },
    cancel() {
      clearInterval(keepalive);
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
});
