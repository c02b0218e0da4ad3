// The REST task-queue compatibility API's routes, each over the /api/v1
// procedure that does the same thing (so its role, validation and events):
// only the shapes differ (task-queue-shapes.ts).
import { TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import { RUN_PAGE_MAX } from '../runs/schemas';
import { TASK_PAGE_MAX } from '../tasks/search-tasks';
import { EXECUTION_STATUSES, runStatusesOf, taskQueueTaskSchema, toExecution, toTaskInput, toTaskQueueTask } from './task-queue-shapes';
import type { ApiCaller, TaskQueueRequest } from '../http/task-queue-route';

const limitOf = (query: URLSearchParams, max: number) =>
  z.coerce.number().int().min(1).max(max).default(Math.min(100, max)).parse(query.get('limit') ?? undefined);

const getTask = async (api: ApiCaller, key: string) => toTaskQueueTask(await api.tasks.get({ key }));

/** The procedure's own answer before it reads its input (401/403, or the unreadable body of Context.requestError); null when only the input is wrong. */
async function refusal(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => null,
    (error: unknown) => (error instanceof TRPCError && !(error.cause instanceof ZodError) ? error : null),
  );
}

export async function createQueueTask({ api, body }: TaskQueueRequest) {
  let input: ReturnType<typeof toTaskInput>;
  try {
    input = toTaskInput(taskQueueTaskSchema.parse(body));
  } catch (invalid) {
    // Who may create comes before what was sent (as on /api/v1): an empty create lets the procedure's role check answer first.
    throw (await refusal(api.tasks.add(undefined))) ?? invalid;
  }
  const created = await api.tasks.add(input);
  return getTask(api, created.key);
}

/** Oldest first, at most `limit` (default 100, at most 200). */
export async function listQueueTasks({ api, query }: TaskQueueRequest) {
  const page = await api.tasks.search({ limit: limitOf(query, TASK_PAGE_MAX) });
  const tasks = await Promise.all(page.items.map((t) => getTask(api, t.key)));
  return { tasks, count: tasks.length };
}

export const getQueueTask = ({ api, params }: TaskQueueRequest) => getTask(api, params.task_id!);

export async function deleteQueueTask({ api, params }: TaskQueueRequest) {
  await api.tasks.remove({ key: params.task_id! });
  return { task_id: params.task_id!, deleted: true };
}

/** enable = resume its schedule (from now: no burst), disable = pause it; the answer is the task. */
export function setQueueTaskEnabled(enabled: boolean) {
  return async ({ api, params }: TaskQueueRequest) => {
    await (enabled ? api.tasks.enable({ key: params.task_id! }) : api.tasks.disable({ key: params.task_id! }));
    return getTask(api, params.task_id!);
  };
}

const executionFilter = z.object({
  task_id: z.string().trim().min(1).max(200).optional(),
  status: z.enum(EXECUTION_STATUSES).optional(),
});

/** Newest first, at most `limit` (default 100); `task_id` and `status` (theirs: failed also finds timed-out and skipped runs) filter. */
export async function listExecutions({ api, query }: TaskQueueRequest) {
  const filter = executionFilter.parse({ task_id: query.get('task_id') ?? undefined, status: query.get('status') ?? undefined });
  const limit = limitOf(query, RUN_PAGE_MAX);
  const statuses = filter.status ? runStatusesOf(filter.status) : [undefined];
  const pages = await Promise.all(statuses.map((status) => api.runs.search({ task: filter.task_id, status, limit })));
  const runs = pages
    .flatMap((p) => p.items)
    .sort((a, b) => b.id - a.id)
    .slice(0, limit);
  return { executions: runs.map(toExecution), count: runs.length };
}

const executionId = (params: Record<string, string>) => z.coerce.number().int().positive().parse(params.execution_id);

export async function getExecution({ api, params }: TaskQueueRequest) {
  return toExecution(await api.runs.get({ id: executionId(params) }));
}

/** A queued execution is cancelled at once; a running one is asked to stop (`cancel_requested: true`, status still running). */
export async function cancelExecution({ api, params }: TaskQueueRequest) {
  const id = executionId(params);
  const { outcome } = await api.runs.cancelOne({ id });
  return { ...toExecution(await api.runs.get({ id })), outcome };
}
