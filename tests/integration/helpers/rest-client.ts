// Calls the REST API's route handlers in-process (a Request in, a Response
// out), as Next.js calls them: the catch-all /api/v1/[...path] and openapi.json.
import { beforeAll } from 'vitest';
import { SYSTEM_ACTOR, type Role } from '../../../server/auth/actor';
import { createApiToken } from '../../../server/auth/api-tokens';
import { getDb, type Db } from '../../../server/db';
import { createUser } from '../../../server/users/create-user';

type Handler = (request: Request) => Promise<Response>;

export interface RestAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiErrorJson {
  error: { code: string; message: string; fields: Record<string, string> };
}

export interface RestClient {
  call<T = unknown>(method: string, path: string, options?: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<RestAnswer<T>>;
}

export async function restClient(): Promise<RestClient> {
  const route = (await import('../../../app/api/v1/[...path]/route')) as unknown as Record<string, Handler>;
  return {
    async call<T>(method: string, path: string, options: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
      const headers = new Headers(options.headers);
      if (options.token) headers.set('authorization', `Bearer ${options.token}`);
      const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const handler = route[method];
      if (!handler) throw new Error(`the catch-all route has no ${method}`);
      const response = await handler(new Request(`http://localhost/api/v1${path}`, { method, headers, body }));
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed as T };
    },
  };
}

/** A user with `role` and an API token for them (optionally with a lower token role). */
export async function tokenFor(db: Db, role: Role, options: { email?: string; tokenRole?: Role } = {}): Promise<string> {
  const email = options.email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@rest.test`;
  await createUser({ db, email, password: 'correct horse battery', role, actor: SYSTEM_ACTOR });
  return (await createApiToken({ db, email, name: `${role} token`, role: options.tokenRole ?? null, actor: SYSTEM_ACTOR })).token;
}

export type TokenSpec = Role | { role: Role; email?: string };

/**
 * A REST test file's start (in a beforeAll, after useTestDatabase({ app: true })):
 * the process's database, a client of the catch-all route, and one token for
 * each spec, in order, each of a user of its own.
 */
export async function restSession<const S extends readonly TokenSpec[]>(specs: S): Promise<{ db: Db; api: RestClient; tokens: { [K in keyof S]: string } }> {
  const db = await getDb();
  const api = await restClient();
  const tokens: string[] = [];
  for (const spec of specs) {
    const { role, email } = typeof spec === 'string' ? { role: spec, email: undefined } : spec;
    tokens.push(await tokenFor(db, role, { email }));
  }
  return { db, api, tokens: tokens as { [K in keyof S]: string } };
}

/**
 * restSession made in beforeAll, for a file using `useTestDatabase({ app: true })`:
 * the REST client and one token per role named (read them inside tests).
 */
export function useRestTokens<R extends Role>(...roles: R[]): { readonly api: RestClient; readonly tokens: Record<R, string> } {
  const state: { api?: RestClient; tokens: Partial<Record<R, string>> } = { tokens: {} };
  beforeAll(async () => {
    const session = await restSession(roles);
    state.api = session.api;
    roles.forEach((role, i) => (state.tokens[role] = session.tokens[i]));
  });
  return {
    get api() {
      return state.api!;
    },
    get tokens() {
      return state.tokens as Record<R, string>;
    },
  };
}
