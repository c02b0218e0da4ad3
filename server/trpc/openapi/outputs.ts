// Response shapes of the REST API (/api/v1), as zod schemas on the procedures'
// `.output()`: tRPC checks what a procedure returns against them, and the
// OpenAPI document describes them. Loose objects: every field the service
// returns is passed on; the ones named here are the documented contract.
import { z } from 'zod';
import { ROLES } from '../../auth/actor';
import type { MoveTaskResult } from '../../board/move-task';
import type { EventView } from '../../events/list-events';
import type { RunListItem } from '../../runs/run-row';
import type { RunView } from '../../runs/get-run';
import type { PreviewResult } from '../../schedules';
import { PRIORITIES, RUN_STATUSES, TASK_KINDS, TASK_STATUSES } from '../../tasks/constants';
import type { TaskStats } from '../../tasks/get-task-stats';
import type { TaskView } from '../../tasks/task-view';
import type { TaskDefinition } from '../../tasks/get-task';
import { taskInputSchema } from '../../tasks/schemas';
import type { WorkerView } from '../../workers/list-workers';

/**
 * The schema as the document describes it (and as tRPC checks it at run
 * time), typed as the service's own return type so the web app keeps its
 * precise types (a loose object would widen the unnamed fields to unknown).
 */
const describes = <T>(schema: z.ZodType): z.ZodType<T> => schema as z.ZodType<T>;

/** A time: a Date inside, an ISO-8601 UTC string on the wire. */
export const isoTime = z.date().meta({ type: 'string', format: 'date-time' });
const nullableTime = isoTime.nullable();

const taskFields = z.looseObject({
    id: z.number().int(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    kind: z.enum(TASK_KINDS),
    command: z.string().nullable(),
    httpMethod: z.string().nullable(),
    httpUrl: z.string().nullable(),
    handler: z.string().nullable(),
    scriptInterpreter: z.string().nullable(),
    schedule: z.string(),
    scheduleDescription: z.string(),
    timezone: z.string(),
    priority: z.enum(PRIORITIES),
    status: z.enum(TASK_STATUSES),
    paused: z.boolean(),
    labels: z.array(z.looseObject({ name: z.string(), color: z.string().nullable() })),
    assignee: z.string().nullable(),
    nextRunAt: nullableTime,
    lastRunAt: nullableTime,
    lastRunStatus: z.string().nullable(),
    /** Send it back as `If-Match` on a write; a newer one gets 412. */
    version: z.number().int(),
    source: z.string(),
    createdAt: isoTime,
    updatedAt: isoTime,
  });

export const taskOutput = describes<TaskView>(taskFields.meta({ id: 'Task' }));

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string>;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: ZodDef } })._zod;

/**
 * The wire type of a task input field: its type (string, integer, one of an enum, …) without its
 * limits and refinements, since a GET returns what is stored (a limit tightened later, or a
 * column's own empty value, must not turn a read into a 500).
 */
function wireTypeOf(schema: z.ZodType): z.ZodType {
  const { def } = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return wireTypeOf(def.innerType!);
    case 'pipe':
      return wireTypeOf(defOf(def.out!).def.type === 'transform' ? def.in! : def.out!);
    case 'string':
      return z.string();
    case 'number':
      return (schema as z.ZodNumber).isInt ? z.number().int() : z.number();
    case 'boolean':
      return z.boolean();
    case 'enum':
      return z.enum(Object.values(def.entries!) as [string, ...string[]]);
    case 'array':
      return z.array(wireTypeOf(def.element!));
    case 'record':
      return z.record(z.string(), z.unknown());
    default:
      return z.unknown();
  }
}

/**
 * The definition fields a task list leaves out, taken from the task input schema itself (the
 * form's, PUT's and the YAML's), so a new task field is in the definition without being listed
 * here: a field with a default is always there, any other may be null or absent. Secret values
 * come back as `{ secret: true }` (which PUT accepts).
 */
const definitionOnlyFields = Object.fromEntries(
  Object.entries(taskInputSchema.shape)
    .filter(([name]) => !(name in taskFields.shape))
    .map(([name, schema]) => [name, defOf(schema).def.type === 'default' ? wireTypeOf(schema) : wireTypeOf(schema).nullish()]),
);

/** One task with its whole definition: every field the form edits (secret values as `{ secret: true }`), so a GET can be changed and PUT back. */
export const taskDefinitionOutput = describes<TaskDefinition>(taskFields.extend(definitionOnlyFields).meta({ id: 'TaskDefinition' }));

export const taskPageOutput = z.object({ items: z.array(taskOutput), next_cursor: z.string().nullable() });

const runSchema = z
  .looseObject({
    id: z.number().int(),
    taskKey: z.string(),
    taskName: z.string(),
    status: z.enum(RUN_STATUSES),
    finished: z.boolean(),
    trigger: z.string(),
    attempt: z.number().int(),
    scheduledFor: nullableTime,
    createdAt: isoTime,
    startedAt: nullableTime,
    finishedAt: nullableTime,
    durationMs: z.number().nullable(),
    error: z.string().nullable(),
    workerName: z.string().nullable(),
  })
  .meta({ id: 'Run' });
export const runOutput = describes<RunView>(
  runSchema
    .extend({
      payload: z.record(z.string(), z.json()).nullable().meta({ description: "The payload Run now gave this run instead of its task's; null: it ran with the task's." }),
      result: z.json().nullable(),
    })
    .meta({ id: 'RunDetail' }),
);
export const runListItemOutput = describes<RunListItem>(runSchema);

export const runPageOutput = z.object({ items: z.array(runListItemOutput), next_cursor: z.string().nullable() });

export const eventOutput = describes<EventView>(
  z
  .looseObject({
    id: z.number().int(),
    type: z.string(),
    at: isoTime,
    actorType: z.string(),
    actorName: z.string().nullable(),
    taskKey: z.string().nullable(),
    runId: z.number().int().nullable(),
    payload: z.unknown(),
    summary: z.string(),
  })
  .meta({ id: 'Event' }),
);

export const eventPageOutput = z.object({ items: z.array(eventOutput), next_cursor: z.string().nullable() });

export const workerOutput = describes<WorkerView>(
  z
  .looseObject({
    id: z.string(),
    name: z.string(),
    host: z.string(),
    pid: z.number().int(),
    concurrency: z.number().int(),
    state: z.string(),
    startedAt: isoTime,
    lastHeartbeatAt: isoTime,
    stoppedAt: nullableTime,
    runsInHand: z.number().int(),
    lost: z.boolean(),
  })
  .meta({ id: 'Worker' }),
);

export const taskStatsOutput = describes<TaskStats>(
  z.looseObject({
  outcomes: z.number().int(),
  succeeded: z.number().int(),
  successRate: z.number().nullable(),
  timedRuns: z.number().int(),
  meanDurationMs: z.number().nullable(),
  p95DurationMs: z.number().nullable(),
  lastFailure: z.looseObject({ runId: z.number().int(), status: z.string(), at: isoTime, error: z.string().nullable(), exitCode: z.number().nullable() }).nullable(),
  recent: z.array(z.looseObject({ id: z.number().int(), status: z.string(), durationMs: z.number(), startedAt: nullableTime })),
}),
);

export const queuedRunsOutput = z.object({
  /** The runs queued (more than one with `times`). */
  runIds: z.array(z.number().int()),
  /** True when this answer is the stored one of an earlier request with the same Idempotency-Key. */
  replayed: z.boolean(),
});

export const retryOutput = z.object({ runId: z.number().int(), outcome: z.enum(['queued', 'not_finished', 'not_found']), newRunId: z.number().int().nullable() });
export const cancelOutput = z.object({ runId: z.number().int(), outcome: z.string() });

export const schedulePreviewOutput = describes<PreviewResult>(
  z.looseObject({ ok: z.boolean() }),
);

export const meOutput = z.object({
  type: z.string(),
  id: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES).nullable(),
});

export const deletedTaskOutput = z.object({ key: z.string(), runs: z.number().int(), cancelRequested: z.array(z.number().int()) });
export const movedTaskOutput = describes<MoveTaskResult>(
  z.looseObject({ task: taskOutput, cancelledRunIds: z.array(z.number().int()), cancelRequestedRunIds: z.array(z.number().int()) }),
);
