import { getJobsSyncStatus } from '../../jobs/sync-status';
import { router, viewerProcedure } from '../init';

export const jobsRouter = router({
  /** The jobs folder sync's last outcome (the board's banner), or null when no folder is synced. */
  syncStatus: viewerProcedure.query(({ ctx }) => getJobsSyncStatus({ db: ctx.db })),
});
