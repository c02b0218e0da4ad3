import { listActivity } from '../../events/list-activity';
import { listEvents } from '../../events/list-events';
import { listRunTransitions } from '../../events/list-run-transitions';
import { activityListInputSchema, eventListInputSchema, runTransitionsInputSchema } from '../../events/schemas';
import { router, viewerProcedure } from '../init';

export const eventsRouter = router({
  /** One page of the activity feed, newest first, filtered by task, type and actor. */
  list: viewerProcedure.input(eventListInputSchema.default({ limit: 50 })).query(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return listEvents({ db: handle.db, ...input });
  }),
  /** The grouped feed: one row per run, one per event outside a run. */
  activity: viewerProcedure.input(activityListInputSchema.default({ limit: 50, workerMoves: false })).query(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return listActivity({ db: handle.db, ...input });
  }),
  /** One run's events, oldest first (an activity row expanded). */
  runTransitions: viewerProcedure.input(runTransitionsInputSchema).query(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return listRunTransitions({ db: handle.db, runId: input.runId });
  }),
});
