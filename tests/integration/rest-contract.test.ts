// The REST API's contract: the OpenAPI document (generated, served at
// /api/v1/openapi.json) validates as OpenAPI 3.1; the procedures served under
// /api/v1 are exactly the ones listed here, each with its metadata and an
// output schema; and every route answers anonymous/viewer/operator/editor/admin
// callers as the one access table (helpers/access-table.ts) says.

import { compileErrors, validate } from '@readme/openapi-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/auth/actor';
import { getDb } from '../../server/db';
import { appRouter } from '../../server/trpc/routers/_app';
import { MINIMUM_ROLE } from './helpers/access-table';
import { restClient, tokenFor, type ApiErrorJson, type RestClient } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

/**
 * THE REST ROUTES: `METHOD /path` → the tRPC procedure that serves it. A
 * procedure given OpenAPI metadata without a row here fails, and so does a
 * row whose procedure lost its metadata: the API changes only on purpose.
 */
const REST_ROUTES: Record<string, string> = {
  'GET /tasks': 'tasks.search',
  'POST /tasks': 'tasks.add',
  'GET /tasks/{key}': 'tasks.get',
  'PATCH /tasks/{key}': 'tasks.patch',
  'PUT /tasks/{key}': 'tasks.replace',
  'DELETE /tasks/{key}': 'tasks.remove',
  'POST /tasks/{key}/run': 'tasks.run',
  'POST /tasks/{key}/pause': 'tasks.pause',
  'POST /tasks/{key}/resume': 'tasks.resume',
  'POST /tasks/{key}/enable': 'tasks.enable',
  'POST /tasks/{key}/disable': 'tasks.disable',
  'POST /tasks/{key}/move': 'tasks.move',
  'GET /tasks/{key}/runs': 'tasks.runs',
  'GET /tasks/{key}/stats': 'tasks.stats',
  'GET /runs': 'runs.search',
  'GET /runs/{id}': 'runs.get',
  'POST /runs/{id}/cancel': 'runs.cancelOne',
  'POST /runs/{id}/retry': 'runs.retryOne',
  'GET /events': 'events.search',
  'POST /events': 'events.publish',
  'GET /workers': 'workers.list',
  'POST /schedules/preview': 'schedules.preview',
  'GET /me': 'session.me',
  'GET /webhooks': 'webhooks.list',
  'POST /webhooks': 'webhooks.create',
  'DELETE /webhooks/{id}': 'webhooks.remove',
  'POST /webhooks/{id}/test': 'webhooks.test',
  'GET /webhooks/{id}/deliveries': 'webhooks.deliveries',
  'POST /webhooks/deliveries/{id}/redeliver': 'webhooks.redeliver',
  'GET /scheduler': 'scheduler.state',
  'POST /scheduler/pause': 'scheduler.pause',
  'POST /scheduler/resume': 'scheduler.resume',
  'GET /alerts/rules': 'alerts.rules',
  'POST /alerts/rules': 'alerts.create',
  'DELETE /alerts/rules/{id}': 'alerts.remove',
  'PATCH /alerts/rules/{id}': 'alerts.setEnabled',
  'GET /alerts/tasks/{key}': 'alerts.forTask',
  'GET /alerts/incidents': 'alerts.incidents',
  'POST /alerts/incidents/{id}/acknowledge': 'alerts.acknowledge',
};

/** Routes that are their own route files (streams, text), described by hand beside the generated document. */
const STREAMING_ROUTES = ['GET /runs/{id}/log', 'GET /events/stream'];

interface ProcedureDef {
  _def: { meta?: { openapi?: { method: string; path: string } }; outputs?: unknown[]; output?: unknown };
}
const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, ProcedureDef> }).procedures);

describe('the REST routes are the procedures with OpenAPI metadata', () => {
  it('every procedure with metadata is listed in REST_ROUTES, and every listed one has it', () => {
    const served = Object.fromEntries(
      procedures.filter(([, p]) => p._def.meta?.openapi).map(([path, p]) => [`${p._def.meta!.openapi!.method} ${p._def.meta!.openapi!.path}`, path]),
    );
    expect(served, 'REST_ROUTES in tests/integration/rest-contract.test.ts must list exactly the procedures with .meta({ openapi })').toEqual(REST_ROUTES);
  });

  it('every REST procedure declares its output schema and has an access decision', () => {
    for (const procedure of Object.values(REST_ROUTES)) {
      const def = procedures.find(([path]) => path === procedure)?.[1]._def;
      expect(def?.output ?? def?.outputs?.[0], `${procedure} needs .output(…) for the OpenAPI document`).toBeDefined();
      expect(MINIMUM_ROLE[procedure], `${procedure} needs a row in helpers/access-table.ts`).toBeDefined();
    }
  });
});

describe(`REST contract on ${testProvider()}`, () => {
  useTestDatabase({ app: true });
  let api: RestClient;
  const tokens: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    api = await restClient();
    const db = await getDb();
    for (const role of ['viewer', 'operator', 'editor', 'admin'] as const) tokens[role] = await tokenFor(db, role);
  });

  it('serves an OpenAPI 3.1 document that a standard validator accepts, with every route and the one error shape', async () => {
    const route = await import('../../app/api/v1/openapi.json/route');
    const response = route.GET(new Request('http://localhost/api/v1/openapi.json'));
    expect(response.headers.get('x-request-id')).toMatch(/.+/);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual([...Object.keys(REST_ROUTES), ...STREAMING_ROUTES].sort());
    expect(doc.components.schemas['error.NOT_FOUND']).toMatchObject({ properties: { error: { required: ['code', 'message', 'fields'] } } });
  });

  const CALLERS = ['anonymous', 'viewer', 'operator', 'editor', 'admin'] as const;
  const RANK = { public: 0, anonymous: 0, viewer: 1, operator: 2, editor: 3, admin: 4 } as const;

  for (const caller of CALLERS) {
    it(`as ${caller}: every REST route answers as the access table says`, async () => {
      const wrong: string[] = [];
      for (const [route, procedure] of Object.entries(REST_ROUTES)) {
        const [method, template] = route.split(' ') as [string, string];
        // A task and a run that do not exist: allowed callers get 404 (or 422/400), never 401/403/500.
        const path = template.replace('{key}', 'matrix-none').replace('{id}', '999999');
        const answer = await api.call<ApiErrorJson>(method, path, { token: caller === 'anonymous' ? null : tokens[caller], body: method === 'GET' || method === 'DELETE' ? undefined : {} });
        const access = MINIMUM_ROLE[procedure]!;
        const want = access === 'public' ? 'allowed' : caller === 'anonymous' ? 401 : RANK[caller] >= RANK[access] ? 'allowed' : 403;
        const got = answer.status === 401 || answer.status === 403 ? answer.status : 'allowed';
        if (got !== want || answer.status >= 500) wrong.push(`${route} (${procedure}, minimum ${access}) as ${caller}: expected ${want}, got HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
        expect(answer.headers.get('x-request-id'), route).toMatch(/.+/);
        if (answer.status >= 400) expect(Object.keys(answer.body.error).sort(), route).toEqual(['code', 'fields', 'message']);
      }
      expect(wrong).toEqual([]);
    });

    it(`as ${caller}: a bad body changes nothing about who may call: the access decision comes first`, async () => {
      const wrong: string[] = [];
      for (const [route, procedure] of Object.entries(REST_ROUTES)) {
        const [method, template] = route.split(' ') as [string, string];
        if (method === 'GET' || method === 'DELETE') continue;
        const path = template.replace('{key}', 'matrix-none').replace('{id}', '999999');
        const access = MINIMUM_ROLE[procedure]!;
        const want = access === 'public' ? 'allowed' : caller === 'anonymous' ? 401 : RANK[caller] >= RANK[access] ? 'allowed' : 403;
        for (const [what, rawBody] of Object.entries(BAD_BODIES)) {
          const answer = await api.call<ApiErrorJson>(method, path, { token: caller === 'anonymous' ? null : tokens[caller], rawBody });
          const got = answer.status === 401 || answer.status === 403 ? answer.status : 'allowed';
          if (got !== want || answer.status >= 500) wrong.push(`${route} (${procedure}, minimum ${access}) as ${caller} with ${what}: expected ${want}, got HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});

/** Bodies no route accepts (a route without input ignores the fields): each is still answered 401 anonymous and 403 below the route's role. */
const BAD_BODIES = {
  'a body that is not JSON': '{"key":',
  'a JSON array': '[1, 2]',
  'fields of the wrong type': JSON.stringify({ key: 5, name: [], schedule: {}, command: 7, type: 8, url: 9, role: 10 }),
  'a body over 1 MiB': JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }),
};
