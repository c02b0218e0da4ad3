import { z } from 'zod';
import { listActivity } from '../../events/list-activity';
import { listEvents } from '../../events/list-events';
import { listRunTransitions } from '../../events/list-run-transitions';
import { activityListInputSchema, eventListInputSchema, runTransitionsInputSchema } from '../../events/schemas';
import { customEventInputSchema, publishCustomEvent } from '../../events/publish-custom-event';
import { operatorProcedure, router, viewerProcedure } from '../init';
import { apiCursor, toApiCursor } from '../openapi/cursor';
import { eventOutput, eventPageOutput } from '../openapi/outputs';

export const eventsRouter = router({
  /** A custom event (issue 13 item 5): shown in Activity and the stream, delivered to subscribed webhooks. */
  publish: operatorProcedure
    .meta({ openapi: { method: 'POST', path: '/events', tags: ['events'], summary: 'Publish a custom event', description: 'A dotted type outside the reserved namespaces (`email.batch_processed`) and an optional JSON object payload (≤ 16 KiB).' } })
    .input(customEventInputSchema)
    .output(eventOutput)
    .mutation(async ({ ctx, input }) => publishCustomEvent({ db: ctx.db, input, actor: ctx.actor })),
  /** One page of the activity feed, newest first, filtered by task, type and actor. */
  list: viewerProcedure.input(eventListInputSchema.default({ limit: 50 })).query(({ ctx, input }) => listEvents({ db: ctx.db, ...input })),
  /** The same feed in the REST API's shape. */
  search: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/events',
        tags: ['events'],
        summary: 'List events (the audit log)',
        description: 'Newest first. `type` is an exact type (`run.failed`) or a family (`run`, `task`, `worker`, …). Pass `next_cursor` back as `cursor` for older events; /events/stream follows new ones live.',
      },
    })
    .input(
      z.object({
        type: eventListInputSchema.shape.type,
        task: eventListInputSchema.shape.taskKey,
        since: z.date().optional(),
        cursor: apiCursor,
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(eventPageOutput)
    .query(async ({ ctx, input }) => {
      const page = await listEvents({ db: ctx.db, type: input.type, taskKey: input.task, since: input.since, cursor: input.cursor, limit: input.limit });
      return { items: page.items, next_cursor: toApiCursor(page.nextCursor) };
    }),
  /** The grouped feed: one row per run, one per event outside a run. */
  activity: viewerProcedure.input(activityListInputSchema.default({ limit: 50, workerMoves: false })).query(({ ctx, input }) => listActivity({ db: ctx.db, ...input })),
  /** One run's events, oldest first (an activity row expanded). */
  runTransitions: viewerProcedure.input(runTransitionsInputSchema).query(({ ctx, input }) => listRunTransitions({ db: ctx.db, runId: input.runId })),
});
