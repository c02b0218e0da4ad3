// The schedule-server compatibility API (issue 17 item 1): `POST /schedule`
// with `{"action": "create" | "list" | "remove" | "start" | "stop", …}`, a thin
// adapter over the task services for scripts written against a small schedule
// server. Same token auth and rate limit as /api/v1; its own answer shape:
// `{"status": "success", …}` or `{"status": "error", "message"}` with 400 for
// bad parameters, 401/403 for auth, 500 only for server faults (logged).
import 'server-only';
import { z } from 'zod';
import { authorizeRequest } from '../auth/authorize-request';
import { roleAtLeast, type Actor, type Role } from '../auth/actor';
import { bootstrap } from '../bootstrap';
import { INTERNAL_ERROR_MESSAGE, isAppError } from '../errors';
import { spendApiRequest } from '../http/rate-limit';
import { parseCheckedJson, readLimitedBody } from '../http/request-body';
import { webLogger } from '../lib/web-logger';
import { SCHEDULE_SERVER_TYPES, scheduleServerCreate, scheduleServerList, scheduleServerRemove } from './schedule-server-tasks';
import { scheduleServerSwitch } from './schedule-server-switch';

const ACTIONS = ['create', 'list', 'remove', 'start', 'stop'] as const;
const ROLE_FOR: Record<(typeof ACTIONS)[number], Role> = { create: 'editor', remove: 'editor', list: 'viewer', start: 'admin', stop: 'admin' };

const text = z.string({ error: 'must be a string' });
const createSchema = z.object({
  task_id: text.min(1, { error: 'is required' }),
  type: z.enum(SCHEDULE_SERVER_TYPES, { error: `must be one of ${SCHEDULE_SERVER_TYPES.join(', ')}` }),
  interval: text.min(1, { error: 'is required (e.g. "every 1 hour", "daily at 2:00", "monday at 09:00")' }),
  command: text.optional(),
  file_path: text.optional(),
  custom_script: text.optional(),
});
const actionSchema = z.object({ action: z.enum(ACTIONS, { error: `must be one of ${ACTIONS.join(', ')}` }) });
const removeSchema = z.object({ task_id: text.min(1, { error: 'is required' }) });

class ScheduleServerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status });
const failure = (status: number, message: string) => answer(status, { status: 'error', message });

/** "YYYY-MM-DD HH:MM:SS" in the configured timezone, as the schedule server printed times; null stays null. */
export function scheduleServerTime(date: Date | null, timezone: string): string | null {
  if (!date) return null;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23' }).format(date);
}

function parsed<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const first = result.error.issues[0]!;
  throw new ScheduleServerError(400, `${first.path.join('.') || 'body'}: ${first.message}`);
}

async function readBody(req: Request): Promise<Record<string, unknown>> {
  const body = await readLimitedBody(req);
  if (!body.ok) throw new ScheduleServerError(400, 'The request body is larger than 1 MiB.');
  const checked = parseCheckedJson(new TextDecoder().decode(body.bytes));
  if (!checked.ok) throw new ScheduleServerError(400, 'The request body must be JSON, e.g. {"action": "list"}.');
  const value = checked.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ScheduleServerError(400, 'The request body must be a JSON object, e.g. {"action": "list"}.');
  return value as Record<string, unknown>;
}

/** Handles one POST /schedule. */
export async function handleScheduleServerRequest(req: Request): Promise<Response> {
  let logger = webLogger();
  try {
    const app = await bootstrap('web');
    logger = app.logger;
    const auth = await authorizeRequest(req, 'viewer');
    if (!auth.ok) return failure(auth.response.status, ((await auth.response.json()) as { error: string }).error);
    const actor: Actor = auth.actor;
    const limited = await spendApiRequest(`${actor.type}:${actor.id ?? actor.name}`, app.config.apiRateLimitPerMinute);
    if (limited) return failure(429, `Rate limit: at most ${app.config.apiRateLimitPerMinute} requests a minute; try again in ${limited.retryAfterSeconds} s.`);

    const body = await readBody(req);
    const { action } = parsed(actionSchema, body);
    if (!roleAtLeast(actor.role, ROLE_FOR[action])) return failure(403, `${action} needs the ${ROLE_FOR[action]} role; you are ${actor.role ?? 'without a role'}.`);
    const services = { db: app.handle.db, config: app.config, actor };
    const time = (date: Date | null) => scheduleServerTime(date, app.config.timezone);

    switch (action) {
      case 'create': {
        const request = parsed(createSchema, body);
        const task = await scheduleServerCreate({ ...services, request });
        return answer(200, { status: 'success', message: `Task '${task.key}' scheduled to run ${request.interval}`, task_id: task.key, next_run: time(task.nextRunAt) });
      }
      case 'list': {
        const tasks = (await scheduleServerList(services)).map((t) => ({ id: t.id, details: { ...t.details, next_run: time(t.details.next_run), created_at: time(t.details.created_at) } }));
        return answer(200, { status: 'success', tasks, count: tasks.length });
      }
      case 'remove': {
        const { task_id } = parsed(removeSchema, body);
        await scheduleServerRemove({ ...services, taskId: task_id });
        return answer(200, { status: 'success', message: `Task '${task_id}' removed`, task_id });
      }
      case 'start':
      case 'stop': {
        const message = await scheduleServerSwitch({ db: app.handle.db, paused: action === 'stop', actor });
        return answer(200, { status: 'success', message });
      }
    }
  } catch (error) {
    if (error instanceof ScheduleServerError) return failure(error.status, error.message);
    if (isAppError(error)) {
      const status = error.code === 'UNAUTHORIZED' ? 401 : error.code === 'FORBIDDEN' ? 403 : error.code === 'TOO_MANY_REQUESTS' ? 429 : 400;
      return failure(status, error.message);
    }
    logger.error({ err: error, path: '/schedule' }, 'schedule-server request failed');
    return failure(500, INTERNAL_ERROR_MESSAGE);
  }
}
