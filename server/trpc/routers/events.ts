import { listEvents } from '../../events/list-events';
import { eventListInputSchema } from '../../events/schemas';
import { router, viewerProcedure } from '../init';

export const eventsRouter = router({
  /** One page of the activity feed, newest first, filtered by task, type and actor. */
  list: viewerProcedure.input(eventListInputSchema.default({ limit: 50 })).query(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return listEvents({ db: handle.db, ...input });
  }),
});
