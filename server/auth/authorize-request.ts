import { roleAtLeast, SIGN_IN_FIRST, type Actor, type Role } from './actor';
import { isSameOriginRequest } from './request-auth';
import { resolveIdentity } from '../trpc/context';

export type RouteAuthorization = { ok: true; actor: Actor } | { ok: false; response: Response };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The authorization decision for route handlers (REST, SSE, metrics), the same
 * one the tRPC procedure layers make: who is calling (Bearer token or session
 * cookie), and may they do this? Cookie-authenticated writes must also be
 * same-origin (CSRF). A route handler calls it first and returns `response`
 * when `ok` is false.
 */
export async function authorizeRequest(request: Request, role: Role): Promise<RouteAuthorization> {
  const { actor, via } = await resolveIdentity(request.headers);
  if (!actor) return { ok: false, response: Response.json({ error: SIGN_IN_FIRST }, { status: 401 }) };
  if (via === 'cookie' && !SAFE_METHODS.has(request.method.toUpperCase()) && !isSameOriginRequest(request.headers)) {
    return { ok: false, response: Response.json({ error: 'Cross-site request refused: send it from the Cronboard page itself.' }, { status: 403 }) };
  }
  if (!roleAtLeast(actor.role, role)) {
    return { ok: false, response: Response.json({ error: `This needs the ${role} role; you are ${actor.role ?? 'without a role'}.` }, { status: 403 }) };
  }
  return { ok: true, actor };
}
