import { z } from 'zod';
import { listEvents } from '../../events/list-events';
import { router, viewerProcedure } from '../init';

export const eventsRouter = router({
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }))
    .query(async ({ ctx, input }) => {
      const { handle } = await ctx.app();
      return listEvents({ db: handle.db, limit: input.limit });
    }),
});
