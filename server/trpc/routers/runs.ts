import { z } from 'zod';
import { listRuns } from '../../runs/list-runs';
import { router, viewerProcedure } from '../init';

export const runsRouter = router({
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }))
    .query(async ({ ctx, input }) => {
      const { handle } = await ctx.app();
      return listRuns({ db: handle.db, limit: input.limit });
    }),
});
