// Bundled only by Next.js (route handler, server components); never by the CLI or worker, where 'server-only' throws.
import 'server-only';
import type { Actor } from '../auth/actor';
import { isSameOriginRequest } from '../auth/request-auth';
import { identifyRequest, type RequestIdentity } from '../auth/resolve-actor';
import { bootstrap, type Started } from '../bootstrap';

export interface Context {
  /** Who is calling; null when nobody is signed in. */
  actor: Actor | null;
  /** How the caller authenticated; cookie-authenticated mutations must pass the CSRF check. */
  authVia?: RequestIdentity['via'];
  /** Configuration, database handle and logger, started lazily on first use. */
  app: () => Promise<Started>;
  headers: Headers;
  /** Which door the call came through: the REST API (/api/v1) or tRPC (the web app, default). Runs queued through REST record trigger `api`. */
  transport?: 'trpc' | 'rest';
  /**
   * What the transport found wrong with the request before the access decision
   * (a body that is not JSON, not an object, over 1 MiB): every procedure throws
   * it right after its role check, so who may call is answered first (401/403).
   */
  requestError?: Error;
}

/**
 * Who is calling, from the request headers: `Authorization: Bearer` (an API
 * token) or the session cookie. The one place that decision lives; tRPC
 * (createContext) and route handlers (authorizeRequest) both come here.
 */
export async function resolveIdentity(headers: Headers): Promise<RequestIdentity> {
  const { handle } = await bootstrap('web');
  return identifyRequest({ db: handle.db, headers });
}

export async function resolveActor(headers: Headers): Promise<Actor | null> {
  return (await resolveIdentity(headers)).actor;
}

export async function createContext(options: { headers: Headers; transport?: Context['transport'] }): Promise<Context> {
  const identity = await resolveIdentity(options.headers);
  return {
    actor: identity.actor,
    authVia: identity.via,
    app: () => bootstrap('web'),
    headers: options.headers,
    transport: options.transport ?? 'trpc',
  };
}

/** Cookie-authenticated writes must come from our own pages (Origin / Sec-Fetch-Site / CSRF header). */
export function failsCsrfCheck(ctx: Pick<Context, 'authVia' | 'headers'>): boolean {
  return ctx.authVia === 'cookie' && !isSameOriginRequest(ctx.headers);
}
