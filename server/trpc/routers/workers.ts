import { listWorkers } from '../../workers/list-workers';
import { z } from 'zod';
import { router, viewerProcedure } from '../init';
import { workerOutput } from '../openapi/outputs';

export const workersRouter = router({
  list: viewerProcedure
    .meta({ openapi: { method: 'GET', path: '/workers', tags: ['workers'], summary: 'List workers', description: 'Every worker process that registered, with its state and the runs it holds; `lost` when silent for longer than the lease.' } })
    .input(z.void())
    .output(z.array(workerOutput))
    .query(async ({ ctx }) => {
    const { handle, config } = await ctx.app();
    return listWorkers({ db: handle.db, leaseSeconds: config.leaseSeconds });
  }),
});
