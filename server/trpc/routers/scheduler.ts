// The global scheduler switch (issue 17 item 3): read by every signed-in
// user (the banner), flipped by admins; the same procedures serve the header
// toggle and REST (/api/v1/scheduler).
import { z } from 'zod';
import { getSchedulerState } from '../../scheduler/scheduler-state';
import { setSchedulerPaused } from '../../scheduler/set-scheduler-paused';
import { adminProcedure, router, viewerProcedure } from '../init';
import { restRoute } from '../openapi/rest-route';

const schedulerState = z.object({
  paused: z.boolean(),
  since: z.string().nullable().describe('ISO time it was paused (null while running)'),
  by: z.string().nullable().describe('who paused it (null while running)'),
});
const switched = schedulerState.extend({ changed: z.boolean().describe('false when it already was in that state') });
const noInput = z.object({}).optional();

export const schedulerRouter = router({
  state: viewerProcedure
    .meta(
      restRoute(
        'GET',
        '/scheduler',
        'The scheduler switch',
        'Whether scheduled runs are being created, and if paused since when and by whom.',
      ),
    )
    .input(noInput)
    .output(schedulerState)
    .query(({ ctx }) => getSchedulerState({ db: ctx.db })),
  pause: adminProcedure
    .meta(
      restRoute(
        'POST',
        '/scheduler/pause',
        'Pause the scheduler',
        'No worker creates scheduled runs until resumed; manual and API runs still queue and queued runs still run.',
      ),
    )
    .input(noInput)
    .output(switched)
    .mutation(({ ctx }) => setSchedulerPaused({ db: ctx.db, paused: true, actor: ctx.actor })),
  resume: adminProcedure
    .meta(
      restRoute(
        'POST',
        '/scheduler/resume',
        'Resume the scheduler',
        "Missed fire times follow each task's misfire policy (coalesce: one run; catch_up: at most its limit; skip: only within the grace).",
      ),
    )
    .input(noInput)
    .output(switched)
    .mutation(({ ctx }) => setSchedulerPaused({ db: ctx.db, paused: false, actor: ctx.actor })),
});
