import { listWorkers } from '../../workers/list-workers';
import { z } from 'zod';
import { router, viewerProcedure } from '../init';
import { workerOutput } from '../openapi/outputs';
import { restRoute } from '../openapi/rest-route';

export const workersRouter = router({
  list: viewerProcedure
    .meta(restRoute('GET', '/workers', 'List workers', 'Every worker process that registered, with its state and the runs it holds; `lost` when silent for longer than the lease.'))
    .input(z.void())
    .output(z.array(workerOutput))
    .query(({ ctx }) => listWorkers({ db: ctx.db, leaseSeconds: ctx.config.leaseSeconds })),
});
