import { findAnything } from '../../search/find-anything';
import { findInputSchema } from '../../search/schemas';
import { router, viewerProcedure } from '../init';

export const searchRouter = router({
  /** The command palette: tasks by name or key, a run by id. */
  find: viewerProcedure.input(findInputSchema).query(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return findAnything({ db: handle.db, q: input.q });
  }),
});
