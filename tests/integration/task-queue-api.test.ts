// The REST task-queue compatibility API (/api/scheduler/…, issue 17 item 1) on
// both databases, through its real route handlers: the README's examples
// answer as documented, a real worker's runs come back with the mapped
// statuses (success, failed, and a timeout as failed with its reason kept),
// errors keep the one error shape, and every route makes the access decision
// of the /api/v1 procedure it stands on, for every role.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/auth/actor';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import { MINIMUM_ROLE } from './helpers/access-table';
import { restSession } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { testConfig, useWorkerFleet, waitForRunToFinish } from './helpers/worker-harness';

type Handler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
/** What the routes answer, loosely (each test checks the fields it reads). */
interface Body {
  error: { code: string; message: string; fields: Record<string, string> };
  tasks: { task_id: string }[];
  executions: { task_id: string; status: string }[];
  count: number;
  next_run: string;
  [field: string]: unknown;
}
type Answer = { status: number; body: Body };

/** METHOD template → its route module and the /api/v1 procedure whose access decision it makes. */
const ROUTES = {
  'POST /tasks': ['tasks/route', 'tasks.add'],
  'GET /tasks': ['tasks/route', 'tasks.search'],
  'GET /tasks/{task_id}': ['tasks/[task_id]/route', 'tasks.get'],
  'DELETE /tasks/{task_id}': ['tasks/[task_id]/route', 'tasks.remove'],
  'POST /tasks/{task_id}/enable': ['tasks/[task_id]/enable/route', 'tasks.enable'],
  'POST /tasks/{task_id}/disable': ['tasks/[task_id]/disable/route', 'tasks.disable'],
  'GET /executions': ['executions/route', 'runs.search'],
  'GET /executions/{execution_id}': ['executions/[execution_id]/route', 'runs.get'],
  'POST /executions/{execution_id}/cancel': ['executions/[execution_id]/cancel/route', 'runs.cancelOne'],
} as const;
type Route = keyof typeof ROUTES;

async function call(route: Route, options: { token?: string | null; params?: Record<string, string>; query?: string; body?: unknown; rawBody?: string } = {}): Promise<Answer> {
  const [method, template] = route.split(' ') as [string, string];
  const mod = (await import(`../../app/api/scheduler/${ROUTES[route][0]}`)) as Record<string, Handler>;
  const params = options.params ?? {};
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  const headers = new Headers();
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body) headers.set('content-type', 'application/json');
  const response = await mod[method]!(new Request(`http://localhost/api/scheduler${path}${options.query ?? ''}`, { method, headers, body }), { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as Body };
}

// Asymmetric matchers are typed any; as unknown they sit in object literals without lint noise.
const ISO: unknown = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const matching = (re: RegExp): unknown => expect.stringMatching(re);
const ANY_STRING: unknown = expect.any(String);

describe(`the REST task-queue compatibility API on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });
  const fleet = useWorkerFleet(t, ['run', 'task']);
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    const session = await restSession(['viewer', 'operator', 'editor', 'admin'] as const);
    [tokens.viewer, tokens.operator, tokens.editor, tokens.admin] = session.tokens;
  });

  it('answers the README examples: create, list, get, disable, enable, delete', async () => {
    const created = await call('POST /tasks', {
      token: tokens.editor,
      body: { task_id: 'nightly-report', name: 'Nightly report', description: 'Mails the report', enabled: true, type: 'cron', schedule: '0 2 * * *', function: 'reports.nightly', kwargs: { to: 'ops@example.com' } },
    });
    expect(created).toEqual({
      status: 201,
      body: { task_id: 'nightly-report', name: 'Nightly report', description: 'Mails the report', enabled: true, type: 'cron', schedule: '0 2 * * *', function: 'reports.nightly', kwargs: { to: 'ops@example.com' }, next_run: ISO, created_at: ISO, updated_at: ISO },
    });
    expect(created.body.next_run).toMatch(/T02:00:00\.000Z$/);
    // An interval in seconds, no task_id (the key comes from the name), disabled from the start.
    const interval = await call('POST /tasks', { token: tokens.editor, body: { name: 'Cache warm', type: 'interval', schedule: 300, function: 'cache.warm', enabled: false } });
    expect(interval.body).toMatchObject({ task_id: 'cache-warm', type: 'interval', schedule: 300, enabled: false, kwargs: {}, description: '' });

    const list = await call('GET /tasks', { token: tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(2);
    expect(list.body.tasks.map((x) => x.task_id)).toEqual(['nightly-report', 'cache-warm']);
    expect((await call('GET /tasks/{task_id}', { token: tokens.viewer, params: { task_id: 'nightly-report' } })).body).toEqual(created.body);

    const disabled = await call('POST /tasks/{task_id}/disable', { token: tokens.operator, params: { task_id: 'nightly-report' } });
    expect(disabled.body).toMatchObject({ task_id: 'nightly-report', enabled: false });
    expect((await call('POST /tasks/{task_id}/enable', { token: tokens.operator, params: { task_id: 'nightly-report' } })).body).toMatchObject({ enabled: true, next_run: ISO });

    expect(await call('DELETE /tasks/{task_id}', { token: tokens.editor, params: { task_id: 'cache-warm' } })).toEqual({ status: 200, body: { task_id: 'cache-warm', deleted: true } });
    const gone = await call('GET /tasks/{task_id}', { token: tokens.viewer, params: { task_id: 'cache-warm' } });
    expect(gone.status).toBe(404);
    expect(Object.keys(gone.body.error).sort()).toEqual(['code', 'fields', 'message']);
  });

  it('refuses bad input naming the field, in the one error shape', async () => {
    const post = (body: unknown) => call('POST /tasks', { token: tokens.editor, body });
    const base = { task_id: 'bad', name: 'Bad', type: 'cron', schedule: '*/5 * * * *', function: 'noop' };
    const wrongType = await post({ ...base, type: 'weekly' });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { type: matching(/cron/) } });
    const mismatch = await post({ ...base, type: 'interval', schedule: '0 2 * * *' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.fields.schedule).toMatch(/is not an interval schedule \(it reads as cron\)/);
    expect((await post({ ...base, schedule: '61 * * * *' })).body.error.fields.schedule).toMatch(/minute/);
    expect((await post({ ...base, function: undefined })).body.error.fields).toHaveProperty('function');
    expect((await post(base)).status).toBe(201);
    expect((await post(base)).status).toBe(409);
    expect((await call('GET /executions/{execution_id}', { token: tokens.viewer, params: { execution_id: 'abc' } })).status).toBe(422);
    expect((await call('GET /executions', { token: tokens.viewer, query: '?status=timed_out' })).body.error.fields).toHaveProperty('status');
    const notJson = await call('POST /tasks', { token: tokens.editor, rawBody: '{"task_id":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatchObject({ code: 'BAD_REQUEST', message: matching(/JSON/) });
    const anonymous = await call('GET /tasks', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
  });

  it('maps a real worker\'s runs: success, failed, a timeout as failed with its reason, cancelled', async () => {
    const create = (task_id: string, kwargs: Record<string, unknown>) =>
      call('POST /tasks', { token: tokens.editor, body: { task_id, name: task_id, type: 'cron', schedule: '0 3 * * *', function: 'sleep', kwargs } });
    await create('tq-ok', { ms: 1 });
    await create('tq-fail', {}); // sleep without ms throws
    await create('tq-slow', { ms: 10_000 });
    await t.db.task.update({ where: { key: 'tq-slow' }, data: { timeoutSeconds: 1 } });
    const [cancelled] = await queueRuns({ db: t.db, task: { key: 'tq-ok' }, trigger: 'api', actor: SYSTEM_ACTOR });
    const cancel = await call('POST /executions/{execution_id}/cancel', { token: tokens.operator, params: { execution_id: String(cancelled) } });
    expect(cancel.body).toMatchObject({ execution_id: cancelled, task_id: 'tq-ok', status: 'cancelled', outcome: 'cancelled' });

    const ids: Record<string, number> = {};
    for (const key of ['tq-ok', 'tq-fail', 'tq-slow']) ids[key] = (await queueRuns({ db: t.db, task: { key }, trigger: 'api', actor: SYSTEM_ACTOR }))[0]!;
    expect((await call('GET /executions/{execution_id}', { token: tokens.viewer, params: { execution_id: String(ids['tq-ok']) } })).body).toMatchObject({ status: 'queued', started_at: null });
    await (await fleet.add(t.db, t.url, testConfig(t.url), {})).start();
    for (const id of Object.values(ids)) await waitForRunToFinish(t.db, id);

    const get = async (key: string) => (await call('GET /executions/{execution_id}', { token: tokens.viewer, params: { execution_id: String(ids[key]) } })).body;
    expect(await get('tq-ok')).toMatchObject({ execution_id: ids['tq-ok'], task_id: 'tq-ok', status: 'success', reason: null, error: null, result: { sleptMs: 1 }, started_at: ISO, finished_at: ISO });
    expect(await get('tq-fail')).toMatchObject({ status: 'failed', reason: null, error: matching(/needs "ms"/) });
    expect(await get('tq-slow')).toMatchObject({ status: 'failed', reason: 'timed_out', error: ANY_STRING });

    const failed = await call('GET /executions', { token: tokens.viewer, query: '?status=failed' });
    expect(failed.body.executions.map((e) => e.task_id).sort()).toEqual(['tq-fail', 'tq-slow']);
    const ofOk = await call('GET /executions', { token: tokens.viewer, query: '?task_id=tq-ok' });
    expect(ofOk.body).toMatchObject({ count: 2, executions: [{ status: 'success' }, { status: 'cancelled' }] });
  });

  it('every route makes the access decision of the /api/v1 procedure it stands on, for every role', async () => {
    const RANK = { viewer: 1, operator: 2, editor: 3, admin: 4 } as const;
    const wrong: string[] = [];
    for (const route of Object.keys(ROUTES) as Route[]) {
      const minimum = MINIMUM_ROLE[ROUTES[route][1]]! as Role;
      for (const caller of ['anonymous', 'viewer', 'operator', 'editor', 'admin'] as const) {
        // A task and an execution that do not exist: allowed callers get 404 (or 422), never 401/403/500.
        const answer = await call(route, { token: caller === 'anonymous' ? null : tokens[caller], params: { task_id: 'matrix-none', execution_id: '999999' }, body: route.startsWith('POST') ? {} : undefined });
        const want = caller === 'anonymous' ? 401 : RANK[caller] >= RANK[minimum] ? 'allowed' : 403;
        const got = answer.status === 401 || answer.status === 403 ? answer.status : 'allowed';
        if (got !== want || answer.status >= 500) wrong.push(`${route} (minimum ${minimum}) as ${caller}: expected ${want}, got ${answer.status} ${JSON.stringify(answer.body)}`);
        // A body it cannot read changes nothing about who may call.
        for (const rawBody of route.startsWith('POST') ? ['{"task_id":', '[1, 2]', JSON.stringify({ task_id: 5, schedule: [] })] : []) {
          const bad = await call(route, { token: caller === 'anonymous' ? null : tokens[caller], params: { task_id: 'matrix-none', execution_id: '999999' }, rawBody });
          const badGot = bad.status === 401 || bad.status === 403 ? bad.status : 'allowed';
          if (badGot !== want || bad.status >= 500) wrong.push(`${route} (minimum ${minimum}) as ${caller} with body ${rawBody}: expected ${want}, got ${bad.status} ${JSON.stringify(bad.body)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
