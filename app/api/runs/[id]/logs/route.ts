// Server-sent events: a run's log as it grows. Each `chunks` event carries new
// chunks (its id is the last seq, so a reconnecting EventSource resumes after it
// via Last-Event-ID); one `end` event when the run is finished and every chunk
// is out, then the stream closes. The follow stops when the client goes away.
// `/api/v1/runs/{id}/log?follow=1` answers with this same handler.
import { followRunLogs } from '@/server/runs/follow-run-logs';
import { getRunLogs } from '@/server/runs/get-run-logs';
import { sseResponse } from '@/server/lib/sse';
import { runRoute } from '../run-route';

export const dynamic = 'force-dynamic';

export const GET = runRoute(async ({ request, runId, app }) => {
  const { handle, logger } = app;
  const lastEventId = Number(request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('after') ?? NaN);
  const afterSeq = Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : null;
  // Before the stream starts, so a missing run is a plain 404 (runRoute) rather than an event stream.
  await getRunLogs({ db: handle.db, runId, limit: 1 });
  return sseResponse({
    request,
    logger,
    context: { runId },
    heartbeat: (sink) => sink.comment('keepalive'),
    produce: async (sink) => {
      for await (const update of followRunLogs({ db: handle.db, runId, afterSeq, signal: sink.signal })) {
        if (update.kind === 'chunks') sink.send({ id: update.lastSeq, event: 'chunks', data: update });
        else sink.send({ event: 'end', data: update });
      }
    },
  });
});
