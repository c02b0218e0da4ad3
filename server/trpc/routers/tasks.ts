import { z } from 'zod';
import { cancelRun } from '../../runs/cancel-run';
import { queueRuns } from '../../queue/queue-runs';
import { createTask } from '../../tasks/create-task';
import { detachTask } from '../../tasks/detach-task';
import { deleteTask } from '../../tasks/delete-task';
import { duplicateTask } from '../../tasks/duplicate-task';
import { getTask } from '../../tasks/get-task';
import { getTaskDetail } from '../../tasks/get-task-detail';
import { getTaskStats } from '../../tasks/get-task-stats';
import { listTaskRuns, MAX_PAGE_SIZE } from '../../tasks/list-task-runs';
import { listTasks } from '../../tasks/list-tasks';
import { pauseTask } from '../../tasks/pause-task';
import { resumeTask } from '../../tasks/resume-task';
import { saveTask } from '../../tasks/save-task';
import { taskInputSchema, taskKeySchema } from '../../tasks/schemas';
import { taskSaveSettings } from '../../tasks/save-settings';
import { editorProcedure, operatorProcedure, router, viewerProcedure } from '../init';

const byKey = z.object({ key: taskKeySchema });
const byKeyAtVersion = z.object({ key: taskKeySchema, expectedVersion: z.number().int().min(1).optional() });

export const tasksRouter = router({
  list: viewerProcedure.query(async ({ ctx }) => {
    const { handle } = await ctx.app();
    return listTasks({ db: handle.db });
  }),
  get: viewerProcedure.input(byKey).query(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return getTask({ db: handle.db, key: input.key });
  }),
  /** The task page: the task, every editable field, running and queued runs. */
  detail: viewerProcedure.input(byKey).query(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return getTaskDetail({ db: handle.db, key: input.key });
  }),
  history: viewerProcedure
    .input(
      z.object({
        key: taskKeySchema,
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { handle } = await ctx.app();
      return listTaskRuns({ db: handle.db, taskKey: input.key, page: input.page, pageSize: input.pageSize });
    }),
  stats: viewerProcedure.input(byKey).query(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return getTaskStats({ db: handle.db, taskKey: input.key });
  }),
  create: editorProcedure.input(taskInputSchema).mutation(async ({ ctx, input }) => {
    const { handle, config } = await ctx.app();
    return createTask({ db: handle.db, input, actor: ctx.actor, source: 'ui', ...taskSaveSettings(config) });
  }),
  /** Operators may change board fields only; updateTask refuses their changes to definition fields (definition-fields.ts). */
  update: operatorProcedure
    .input(z.object({ key: taskKeySchema, expectedVersion: z.number().int().min(1), input: taskInputSchema }))
    .mutation(async ({ ctx, input }) => {
      const { handle, config } = await ctx.app();
      return saveTask({
        db: handle.db,
        key: input.key,
        input: input.input,
        actor: ctx.actor,
        ...taskSaveSettings(config),
        expectedVersion: input.expectedVersion,
      });
    }),
  delete: editorProcedure.input(byKeyAtVersion.extend({ force: z.boolean().default(false) })).mutation(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return deleteTask({
      db: handle.db,
      key: input.key,
      actor: ctx.actor,
      force: input.force,
      expectedVersion: input.expectedVersion,
    });
  }),
  pause: operatorProcedure.input(byKeyAtVersion).mutation(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return pauseTask({ db: handle.db, key: input.key, actor: ctx.actor, expectedVersion: input.expectedVersion });
  }),
  resume: operatorProcedure.input(byKeyAtVersion).mutation(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return resumeTask({ db: handle.db, key: input.key, actor: ctx.actor, expectedVersion: input.expectedVersion });
  }),
  /** "Detach from file": a YAML-managed task becomes a UI task (its definition editable again). */
  detach: editorProcedure.input(byKeyAtVersion).mutation(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return detachTask({ db: handle.db, key: input.key, actor: ctx.actor, expectedVersion: input.expectedVersion });
  }),
  duplicate: editorProcedure.input(byKey).mutation(async ({ ctx, input }) => {
    const { handle, config } = await ctx.app();
    return duplicateTask({ db: handle.db, key: input.key, actor: ctx.actor, source: 'ui', ...taskSaveSettings(config) });
  }),
  runNow: operatorProcedure.input(byKey).mutation(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    const [runId] = await queueRuns({ db: handle.db, task: { key: input.key }, trigger: 'manual', actor: ctx.actor });
    return { runId: runId ?? null };
  }),
  cancelRun: operatorProcedure.input(z.object({ runId: z.number().int().min(1) })).mutation(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return { outcome: await cancelRun({ db: handle.db, runId: input.runId, actor: ctx.actor }) };
  }),
});
