// Task procedures whose shape is the REST API's (/api/v1/tasks…): the same
// services, schemas and role checks as the web app's procedures in tasks.ts,
// with REST names (`next_cursor`, If-Match, Idempotency-Key). Each is a tRPC
// procedure too, so the access matrix and the OpenAPI document cover it.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { moveTask } from '../../board/move-task';
import { listRuns } from '../../runs/list-runs';
import { RUN_PAGE_MAX, RUN_STATUSES_FILTER } from '../../runs/schemas';
import { runTaskNow } from '../../runs/run-task-now';
import { MAX_TIMES } from '../../queue/queue-runs';
import { TASK_STATUSES } from '../../tasks/constants';
import { createTask } from '../../tasks/create-task';
import { deleteTask } from '../../tasks/delete-task';
import { findTaskIdOrThrow } from '../../tasks/find-task';
import { saveTask } from '../../tasks/save-task';
import { taskSaveSettings } from '../../tasks/save-settings';
import { runPayloadSchema, taskKeySchema } from '../../tasks/schemas';
import { searchTasks, TASK_PAGE_MAX } from '../../tasks/search-tasks';
import { updateTask } from '../../tasks/update-task';
import { editorProcedure, operatorProcedure, viewerProcedure } from '../init';
import { deletedTaskOutput, movedTaskOutput, queuedRunsOutput, runPageOutput, taskOutput, taskPageOutput } from '../openapi/outputs';
import { apiCursor, toApiCursor } from '../openapi/cursor';
import { restRoute } from '../openapi/rest-route';
import { apiTaskBodySchema, apiTaskPatchSchema, idempotencyOf, ifMatchVersion, runTriggerOf } from '../rest-input';

const byKey = z.object({ key: taskKeySchema });

export const tasksApiProcedures = {
  search: viewerProcedure
    .meta(restRoute('GET', '/tasks', 'List tasks', 'Filtered, oldest first; pass `next_cursor` back as `cursor` for the next page.'))
    .input(
      z.object({
        status: z.enum(TASK_STATUSES).optional(),
        label: z.string().trim().min(1).max(40).optional(),
        paused: z.stringbool().optional(),
        q: z.string().trim().min(1).max(200).optional(),
        cursor: apiCursor,
        limit: z.number().int().min(1).max(TASK_PAGE_MAX).default(50),
      }),
    )
    .output(taskPageOutput)
    .query(async ({ ctx, input }) => {
      const { cursor, limit, ...filters } = input;
      const page = await searchTasks({ db: ctx.db, filters, cursor, limit });
      return { items: page.items, next_cursor: toApiCursor(page.nextCursor) };
    }),
  add: editorProcedure
    .meta(restRoute('POST', '/tasks', 'Create a task', 'The task form\'s fields; `kind` may be left out when exactly one of command, httpUrl, handler or scriptBody is given.'))
    .input(apiTaskBodySchema)
    .output(taskOutput)
    .mutation(({ ctx, input }) => createTask({ db: ctx.db, input, actor: ctx.actor, source: 'api', ...taskSaveSettings(ctx.config) })),
  patch: operatorProcedure
    .meta(restRoute('PATCH', '/tasks/{key}', 'Change some fields of a task', 'Absent fields stay, `null` clears one. `If-Match: "<version>"` refuses a stale write with 412. Operators may change board fields only.'))
    .input(apiTaskPatchSchema)
    .output(taskOutput)
    .mutation(async ({ ctx, input }) => {
      const { key, ...patch } = input;
      return updateTask({ db: ctx.db, key, patch, actor: ctx.actor, ...taskSaveSettings(ctx.config), expectedVersion: ifMatchVersion(ctx) });
    }),
  replace: operatorProcedure
    .meta(restRoute('PUT', '/tasks/{key}', 'Replace a task', 'Every field as given, absent ones back to their defaults (the column stays). `If-Match` as for PATCH.'))
    .input(apiTaskBodySchema)
    .output(taskOutput)
    .mutation(({ ctx, input }) => saveTask({ db: ctx.db, key: input.key, input, actor: ctx.actor, ...taskSaveSettings(ctx.config), expectedVersion: ifMatchVersion(ctx) })),
  remove: editorProcedure
    .meta(restRoute('DELETE', '/tasks/{key}', 'Delete a task', 'With its runs and logs (its events stay). A task with a running run is refused (409) unless `force=true`. `If-Match` as for PATCH.'))
    .input(byKey.extend({ force: z.stringbool().default(false) }))
    .output(deletedTaskOutput)
    .mutation(({ ctx, input }) => deleteTask({ db: ctx.db, key: input.key, actor: ctx.actor, force: input.force, expectedVersion: ifMatchVersion(ctx) })),
  run: operatorProcedure
    .meta(restRoute('POST', '/tasks/{key}/run', 'Run a task now', 'Queues `times` runs (trigger `api`). `payload` (a JSON object, at most 64 KiB) replaces the task\'s payload for these runs only: the handler\'s `payload`, `CRONBOARD_PAYLOAD` for a shell task. With an `Idempotency-Key` header, a retry within 24 h returns the first answer (`replayed: true`) and queues nothing.'))
    .input(byKey.extend({ times: z.number().int().min(1).max(MAX_TIMES).default(1), payload: runPayloadSchema.optional() }))
    .output(queuedRunsOutput)
    .mutation(async ({ ctx, input }) => {
      // The payload by its hash: the stored request stays short, and another payload is another request.
      const payload = input.payload === undefined ? '' : ` payload=sha256:${createHash('sha256').update(JSON.stringify(input.payload)).digest('hex').slice(0, 16)}`;
      const idempotency = idempotencyOf(ctx, `POST /tasks/${input.key}/run times=${input.times}${payload}`);
      return runTaskNow({ db: ctx.db, key: input.key, times: input.times, payload: input.payload, trigger: runTriggerOf(ctx), actor: ctx.actor, idempotency });
    }),
  move: operatorProcedure
    .meta(restRoute('POST', '/tasks/{key}/move', 'Move a card', 'To `column`, placed after the card `after` or before the card `before` (default: the end). Moving to In progress runs it; to Done or Cancelled cancels its queued runs. `If-Match` takes the `boardVersion` of the card (a move is a board change, not a definition change).'))
    .input(byKey.extend({ column: z.enum(TASK_STATUSES), after: taskKeySchema.nullish(), before: taskKeySchema.nullish(), cancelRunning: z.boolean().default(false) }))
    .output(movedTaskOutput)
    .mutation(async ({ ctx, input }) => {
      // A move checks the card's boardVersion (If-Match); without it the caller asks for no check: the card as it is now is the one it moves.
      const expectedBoardVersion = ifMatchVersion(ctx);
      return moveTask({ db: ctx.db, key: input.key, toStatus: input.column, afterKey: input.after, beforeKey: input.before, cancelRunning: input.cancelRunning, expectedBoardVersion, actor: ctx.actor });
    }),
  runs: viewerProcedure
    .meta(restRoute('GET', '/tasks/{key}/runs', "A task's runs", 'Newest first; `next_cursor` as for /runs.'))
    .input(byKey.extend({ status: RUN_STATUSES_FILTER.optional(), cursor: apiCursor, limit: z.number().int().min(1).max(RUN_PAGE_MAX).default(50) }))
    .output(runPageOutput)
    .query(async ({ ctx, input }) => {
      await findTaskIdOrThrow(ctx.db, input.key); // 404 for an unknown task, not an empty page
      const page = await listRuns({ db: ctx.db, filters: { taskKey: input.key, status: input.status }, cursor: input.cursor, limit: input.limit });
      return { items: page.items, next_cursor: toApiCursor(page.nextCursor) };
    }),
};
