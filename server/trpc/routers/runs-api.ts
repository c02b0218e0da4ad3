// Run procedures in the REST API's shape (/api/v1/runs…): the services of
// runs.ts, one run per call, REST names. tRPC procedures too (access matrix).
import { z } from 'zod';
import { AppError } from '../../errors';
import { cancelRun } from '../../runs/cancel-run';
import { listRuns } from '../../runs/list-runs';
import { retryRuns } from '../../runs/retry-runs';
import { RUN_PAGE_MAX, RUN_STATUSES_FILTER, RUN_TRIGGERS } from '../../runs/schemas';
import { operatorProcedure, viewerProcedure } from '../init';
import { apiCursor, toApiCursor } from '../openapi/cursor';
import { restRoute } from '../openapi/rest-route';
import { runTriggerOf } from '../rest-input';
import { cancelOutput, retryOutput, runPageOutput } from '../openapi/outputs';

const byId = z.object({ id: z.number().int().positive() });

export const runsApiProcedures = {
  search: viewerProcedure
    .meta(restRoute('GET', '/runs', 'List runs', 'Newest first, filtered; pass `next_cursor` back as `cursor` for the next (older) page. Times are ISO-8601.'))
    .input(
      z.object({
        status: RUN_STATUSES_FILTER.optional(),
        task: z.string().trim().min(1).max(200).optional(),
        trigger: z.enum(RUN_TRIGGERS).optional(),
        since: z.date().optional(),
        until: z.date().optional(),
        cursor: apiCursor,
        limit: z.number().int().min(1).max(RUN_PAGE_MAX).default(50),
      }),
    )
    .output(runPageOutput)
    .query(async ({ ctx, input }) => {
      const filters = { status: input.status, taskKey: input.task, trigger: input.trigger, from: input.since, to: input.until };
      const page = await listRuns({ db: ctx.db, filters, cursor: input.cursor, limit: input.limit });
      return { items: page.items, next_cursor: toApiCursor(page.nextCursor) };
    }),
  cancelOne: operatorProcedure
    .meta(restRoute('POST', '/runs/{id}/cancel', 'Cancel a run', 'A queued run is cancelled at once (`cancelled`); a running one is asked to stop (`cancel_requested`).'))
    .input(byId)
    .output(cancelOutput)
    .mutation(async ({ ctx, input }) => ({ runId: input.id, outcome: await cancelRun({ db: ctx.db, runId: input.id, actor: ctx.actor }) })),
  retryOne: operatorProcedure
    .meta(restRoute('POST', '/runs/{id}/retry', 'Retry a finished run', 'Queues a new run of the same task (`newRunId`); a run not finished yet is `not_finished`.'))
    .input(byId)
    .output(retryOutput)
    .mutation(async ({ ctx, input }) => {
      const [result] = (await retryRuns({ db: ctx.db, runIds: [input.id], actor: ctx.actor, trigger: runTriggerOf(ctx) })).results;
      if (!result || result.outcome === 'not_found') throw new AppError('NOT_FOUND', `No run #${input.id}`);
      return result;
    }),
};
