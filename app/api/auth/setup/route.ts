import { SYSTEM_ACTOR } from '@/server/auth/actor';
import { clientAddress } from '@/server/auth/client-address';
import { isSecureRequest, sessionCookie } from '@/server/auth/request-auth';
import { parseJsonBody } from '@/server/auth/route-helpers';
import { createSession } from '@/server/auth/sessions';
import { bootstrap } from '@/server/bootstrap';
import { createUser } from '@/server/users/create-user';
import { setupInput } from '@/server/users/schemas';
import { authPostRoute } from '../auth-route';

export const dynamic = 'force-dynamic';

/** POST { email, name?, password } while no user exists → the first admin, signed in. 409 once setup is done. */
export const POST = authPostRoute(async (request) => {
  const body = await parseJsonBody(request, setupInput);
  if (!body.ok) return body.response;
  const { handle, config } = await bootstrap('web');
  const user = await createUser({ db: handle.db, ...body.data, role: 'admin', actor: SYSTEM_ACTOR, onlyIfFirst: true });
  const session = await createSession({ db: handle.db, userId: user.id, ip: clientAddress(request.headers, config.trustProxy), userAgent: request.headers.get('user-agent') });
  const response = Response.json({ user: { id: user.id, email: user.email, role: user.role } }, { status: 201 });
  response.headers.append('Set-Cookie', sessionCookie(session.token, { secure: isSecureRequest(request.headers, request.url), expiresAt: session.expiresAt }));
  return response;
});
