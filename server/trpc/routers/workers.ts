import { listWorkers } from '../../workers/list-workers';
import { router, viewerProcedure } from '../init';

export const workersRouter = router({
  list: viewerProcedure.query(async ({ ctx }) => {
    const { handle, config } = await ctx.app();
    return listWorkers({ db: handle.db, leaseSeconds: config.leaseSeconds });
  }),
});
