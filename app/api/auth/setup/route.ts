import { SYSTEM_ACTOR } from '@/server/auth/actor';
import { clientAddress } from '@/server/auth/client-address';
import { isSecureRequest, sessionCookie } from '@/server/auth/request-auth';
import { parseJsonBody, refuseCrossSite } from '@/server/auth/route-helpers';
import { withLimitedBody } from '@/server/http/request-body';
import { createSession } from '@/server/auth/sessions';
import { bootstrap } from '@/server/bootstrap';
import { errorResponse } from '@/server/errors';
import { webLogger } from '@/server/lib/web-logger';
import { createUser } from '@/server/users/create-user';
import { setupInput } from '@/server/users/schemas';

export const dynamic = 'force-dynamic';

/** POST { email, name?, password } while no user exists → the first admin, signed in. 409 once setup is done. */
export async function POST(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  const limited = await withLimitedBody(request);
  if (!limited.ok) return limited.response;
  request = limited.request;
  const body = await parseJsonBody(request, setupInput);
  if (!body.ok) return body.response;
  try {
    const { handle, config } = await bootstrap('web');
    const user = await createUser({ db: handle.db, ...body.data, role: 'admin', actor: SYSTEM_ACTOR, onlyIfFirst: true });
    const session = await createSession({ db: handle.db, userId: user.id, ip: clientAddress(request.headers, config.trustProxy), userAgent: request.headers.get('user-agent') });
    const response = Response.json({ user: { id: user.id, email: user.email, role: user.role } }, { status: 201 });
    response.headers.append('Set-Cookie', sessionCookie(session.token, { secure: isSecureRequest(request.headers, request.url), expiresAt: session.expiresAt }));
    return response;
  } catch (error) {
    return errorResponse(error, { logger: webLogger() });
  }
}
