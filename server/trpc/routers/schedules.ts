import { z } from 'zod';
import { MAX_PREVIEW_COUNT, previewSchedule } from '../../schedules';
import { listTimeline } from '../../tasks/list-timeline';
import { timelineInputSchema } from '../../tasks/timeline-schemas';
import { router, viewerProcedure } from '../init';
import { schedulePreviewOutput } from '../openapi/outputs';

export const schedulesRouter = router({
  /** Live validation for the task form: normalized form, description and the next fire times, or the parser's error. */
  preview: viewerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/schedules/preview',
        tags: ['schedules'],
        summary: 'Check a schedule',
        description: 'A cron line, an interval (`every 5m`), a one-time date, or `manual`: its normalized form, description and next fire times, or the parser\'s error naming the field.',
      },
    })
    .input(
      z.object({
        schedule: z.string().max(500),
        timezone: z.string().max(100).optional(),
        count: z.number().int().min(1).max(MAX_PREVIEW_COUNT).default(5),
      }),
    )
    .output(schedulePreviewOutput)
    .query(({ ctx, input }) => previewSchedule(input.schedule, { timezone: input.timezone ?? ctx.config.timezone, count: input.count })),
  /** The upcoming-runs timeline (/upcoming): every active task's fire times in the next 24 h or 7 d, by hour. */
  upcoming: viewerProcedure.input(timelineInputSchema.default({ window: '24h' })).query(({ ctx, input }) => listTimeline({ db: ctx.db, ...input })),
});
