import { z } from 'zod';
import { cancelRun } from '../../runs/cancel-run';
import { queueRuns } from '../../queue/queue-runs';
import { createTask } from '../../tasks/create-task';
import { detachTask } from '../../tasks/detach-task';
import { deleteTask } from '../../tasks/delete-task';
import { duplicateTask } from '../../tasks/duplicate-task';
import { getTaskDefinition } from '../../tasks/get-task';
import { getTaskDetail } from '../../tasks/get-task-detail';
import { getTaskStats } from '../../tasks/get-task-stats';
import { listTaskRuns, MAX_PAGE_SIZE } from '../../tasks/list-task-runs';
import { listTasks } from '../../tasks/list-tasks';
import { pauseTask } from '../../tasks/pause-task';
import { resumeTask } from '../../tasks/resume-task';
import { saveTask } from '../../tasks/save-task';
import { runPayloadSchema, taskInputSchema, taskKeySchema } from '../../tasks/schemas';
import { taskSaveSettings } from '../../tasks/save-settings';
import { listTaskChain } from '../../triggers/list-task-chain';
import { editorProcedure, operatorProcedure, router, viewerProcedure } from '../init';
import { taskDefinitionOutput, taskOutput, taskStatsOutput } from '../openapi/outputs';
import { restRoute } from '../openapi/rest-route';
import { ifMatchVersion } from '../rest-input';
import { tasksApiProcedures } from './tasks-api';

const byKey = z.object({ key: taskKeySchema });
const byKeyAtVersion = z.object({ key: taskKeySchema, expectedVersion: z.number().int().min(1).optional() });
const versionNote = ' `If-Match: "<version>"` (or `expectedVersion` in the body) refuses a stale write with 412.';

/** Pause and resume, also served as disable and enable (the YAML `enabled` field's words). */
const pauseProcedure = (path: string, summary: string) =>
  operatorProcedure
    .meta(restRoute('POST', `/tasks/{key}/${path}`, summary, `Stops the schedule; the card stays where it is; manual runs still work.${versionNote}`))
    .input(byKeyAtVersion)
    .output(taskOutput)
    .mutation(({ ctx, input }) => pauseTask({ db: ctx.db, key: input.key, actor: ctx.actor, expectedVersion: input.expectedVersion ?? ifMatchVersion(ctx) }));
const resumeProcedure = (path: string, summary: string) =>
  operatorProcedure
    .meta(restRoute('POST', `/tasks/{key}/${path}`, summary, `Starts the schedule again from now.${versionNote}`))
    .input(byKeyAtVersion)
    .output(taskOutput)
    .mutation(({ ctx, input }) => resumeTask({ db: ctx.db, key: input.key, actor: ctx.actor, expectedVersion: input.expectedVersion ?? ifMatchVersion(ctx) }));

export const tasksRouter = router({
  list: viewerProcedure.query(({ ctx }) => listTasks({ db: ctx.db })),
  ...tasksApiProcedures,
  get: viewerProcedure
    .meta(restRoute('GET', '/tasks/{key}', 'Get a task', 'The task with its whole definition (every field the form edits; secret values as `{"secret": true}`), so it can be changed and sent back with PUT.'))
    .input(byKey)
    .output(taskDefinitionOutput)
    .query(({ ctx, input }) => getTaskDefinition({ db: ctx.db, key: input.key })),
  /** The task page: the task, every editable field, running and queued runs. */
  detail: viewerProcedure.input(byKey).query(({ ctx, input }) => getTaskDetail({ db: ctx.db, key: input.key })),
  /** The task page's "Triggered by" / "Triggers" (server/triggers/list-task-chain.ts). */
  chain: viewerProcedure.input(byKey).query(({ ctx, input }) => listTaskChain({ db: ctx.db, key: input.key })),
  history: viewerProcedure
    .input(z.object({ key: taskKeySchema, cursor: z.string().max(40).nullish(), pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20) }))
    .query(({ ctx, input }) => listTaskRuns({ db: ctx.db, taskKey: input.key, cursor: input.cursor, pageSize: input.pageSize })),
  stats: viewerProcedure
    .meta(restRoute('GET', '/tasks/{key}/stats', "A task's run statistics", 'Success rate, mean and p95 duration, last failure, recent durations.'))
    .input(byKey)
    .output(taskStatsOutput)
    .query(({ ctx, input }) => getTaskStats({ db: ctx.db, taskKey: input.key })),
  create: editorProcedure.input(taskInputSchema).mutation(({ ctx, input }) => createTask({ db: ctx.db, input, actor: ctx.actor, source: 'ui', ...taskSaveSettings(ctx.config) })),
  /** Operators may change board fields only; updateTask refuses their changes to definition fields (definition-fields.ts). */
  update: operatorProcedure
    .input(z.object({ key: taskKeySchema, expectedVersion: z.number().int().min(1), input: taskInputSchema }))
    .mutation(async ({ ctx, input }) => {
      return saveTask({
        db: ctx.db,
        key: input.key,
        input: input.input,
        actor: ctx.actor,
        ...taskSaveSettings(ctx.config),
        expectedVersion: input.expectedVersion,
      });
    }),
  delete: editorProcedure
    .input(byKeyAtVersion.extend({ force: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => deleteTask({ db: ctx.db, key: input.key, actor: ctx.actor, force: input.force, expectedVersion: input.expectedVersion })),
  pause: pauseProcedure('pause', 'Pause a task'),
  resume: resumeProcedure('resume', 'Resume a task'),
  disable: pauseProcedure('disable', 'Disable a task (as pause)'),
  enable: resumeProcedure('enable', 'Enable a task (as resume)'),
  detach: editorProcedure.input(byKeyAtVersion).mutation(({ ctx, input }) => detachTask({ db: ctx.db, key: input.key, actor: ctx.actor, expectedVersion: input.expectedVersion })),
  duplicate: editorProcedure.input(byKey).mutation(({ ctx, input }) => duplicateTask({ db: ctx.db, key: input.key, actor: ctx.actor, source: 'ui', ...taskSaveSettings(ctx.config) })),
  runNow: operatorProcedure.input(byKey.extend({ payload: runPayloadSchema.optional() })).mutation(async ({ ctx, input }) => {
    const [runId] = await queueRuns({ db: ctx.db, task: { key: input.key }, trigger: 'manual', payload: input.payload, actor: ctx.actor });
    return { runId: runId ?? null };
  }),
  cancelRun: operatorProcedure.input(z.object({ runId: z.number().int().min(1) })).mutation(async ({ ctx, input }) => ({ outcome: await cancelRun({ db: ctx.db, runId: input.runId, actor: ctx.actor }) })),
});
