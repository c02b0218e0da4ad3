// GET /api/v1/events/stream: the Event table as server-sent events (docs/api-stream.md).
// `id:` is the event id, `event:` its type, `data:` the event as the events list
// shows it. Reads the database, so any web process serves any client.
import { authorizeRequest } from '@/server/auth/authorize-request';
import { bootstrap } from '@/server/bootstrap';
import { AppError, errorResponse, type ErrorLogger } from '@/server/errors';
import { followEvents } from '@/server/events/follow-events';
import { eventStreamQuerySchema } from '@/server/events/schemas';
import { streamReaderDb } from '@/server/events/stream-reader-db';
import { sseResponse } from '@/server/lib/sse';
import { webLogger } from '@/server/lib/web-logger';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeRequest(request, 'viewer');
  if (!auth.ok) return auth.response;
  const url = new URL(request.url);
  const parsed = eventStreamQuerySchema.safeParse({
    type: url.searchParams.getAll('type'),
    task: url.searchParams.get('task') ?? undefined,
    after: url.searchParams.get('after') ?? undefined,
    lastEventId: request.headers.get('last-event-id') ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return errorResponse(new AppError('BAD_REQUEST', `${String(issue.path[0] ?? 'query')}: ${issue.message}`));
  }
  const query = parsed.data;
  let logger: ErrorLogger = webLogger();
  try {
    const app = await bootstrap('web');
    logger = app.logger;
    const db = await streamReaderDb(app.handle);
    let cursor = -1;
    let sentCursor = -1;
    return sseResponse({
      request,
      logger,
      context: { path: url.pathname },
      // A heartbeat also carries the cursor when it moved past events the filter left out,
      // so a reconnect does not read them again (an `id:` line with no data fires no event).
      heartbeat: (sink) => {
        sink.comment('heartbeat');
        if (cursor > sentCursor) sink.send({ id: (sentCursor = cursor) });
      },
      produce: async (sink) => {
        const batches = followEvents({
          db,
          after: query.lastEventId ?? query.after ?? null,
          filter: { types: query.type, taskKey: query.task },
          signal: sink.signal,
        });
        for await (const batch of batches) {
          for (const event of batch.events) {
            sink.send({ id: event.id, event: event.type, data: event });
            sentCursor = event.id;
          }
          cursor = batch.cursor;
          // The starting cursor, so a client that reconnects before any event resumes from there.
          if (sentCursor < 0) sink.send({ id: (sentCursor = cursor) });
        }
      },
    });
  } catch (error) {
    return errorResponse(error, { logger, context: { path: url.pathname } });
  }
}
