import { findAnything } from '../../search/find-anything';
import { findInputSchema } from '../../search/schemas';
import { router, viewerProcedure } from '../init';

export const searchRouter = router({
  /** The command palette: tasks by name or key, a run by id. */
  find: viewerProcedure.input(findInputSchema).query(({ ctx, input }) => findAnything({ db: ctx.db, q: input.q })),
});
