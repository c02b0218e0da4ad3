import { roleAtLeast, type Actor, type Role } from './actor';
import { resolveActor } from '../trpc/context';

export type RouteAuthorization = { ok: true; actor: Actor } | { ok: false; response: Response };

/**
 * The authorization decision for route handlers (REST, SSE, metrics), the same
 * one the tRPC procedure layers make: who is calling, and may they do this?
 * A route handler calls it first and returns `response` when `ok` is false.
 */
export async function authorizeRequest(request: Request, role: Role): Promise<RouteAuthorization> {
  const actor = await resolveActor(request.headers);
  if (!actor) return { ok: false, response: Response.json({ error: 'Sign in first.' }, { status: 401 }) };
  if (!roleAtLeast(actor.role, role)) {
    return { ok: false, response: Response.json({ error: `This needs the ${role} role; you are ${actor.role ?? 'without a role'}.` }, { status: 403 }) };
  }
  return { ok: true, actor };
}
