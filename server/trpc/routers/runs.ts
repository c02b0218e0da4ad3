import { z } from 'zod';
import { cancelRuns } from '../../runs/cancel-runs';
import { countRuns } from '../../runs/count-runs';
import { getRunLogs } from '../../runs/get-run-logs';
import { getRun } from '../../runs/get-run';
import { listRuns } from '../../runs/list-runs';
import { retryRuns } from '../../runs/retry-runs';
import { runFiltersSchema, runIdsSchema, runListInputSchema } from '../../runs/schemas';
import { operatorProcedure, router, viewerProcedure } from '../init';
import { runOutput } from '../openapi/outputs';
import { restRoute } from '../openapi/rest-route';
import { runsApiProcedures } from './runs-api';

const runId = z.object({ id: z.number().int().positive() });

export const runsRouter = router({
  ...runsApiProcedures,
  /** One page of runs, newest first, filtered; `nextCursor` fetches the next. */
  list: viewerProcedure.input(runListInputSchema.default({ limit: 50 })).query(async ({ ctx, input }) => {
    const { cursor, limit, ...filters } = input;
    return listRuns({ db: ctx.db, filters, cursor, limit, stderrLines: true });
  }),
  /** Runs per status under the other filters. */
  counts: viewerProcedure.input(runFiltersSchema.default({})).query(({ ctx, input }) => countRuns({ db: ctx.db, filters: input })),
  get: viewerProcedure
    .meta(restRoute('GET', '/runs/{id}', 'Get a run', 'Status, times, exit code, error, result, the payload it was given; the log is at /runs/{id}/log.'))
    .input(runId)
    .output(runOutput)
    .query(({ ctx, input }) => getRun({ db: ctx.db, runId: input.id })),
  logs: viewerProcedure
    .input(runId.extend({ afterSeq: z.number().int().min(0).nullish(), limit: z.number().int().min(1).max(5000).default(1000) }))
    .query(({ ctx, input }) => getRunLogs({ db: ctx.db, runId: input.id, afterSeq: input.afterSeq, limit: input.limit })),
  retry: operatorProcedure.input(runIdsSchema).mutation(({ ctx, input }) => retryRuns({ db: ctx.db, runIds: input.ids, actor: ctx.actor })),
  cancel: operatorProcedure.input(runIdsSchema).mutation(({ ctx, input }) => cancelRuns({ db: ctx.db, runIds: input.ids, actor: ctx.actor })),
});
