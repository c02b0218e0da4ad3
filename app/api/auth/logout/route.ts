import { clearedSessionCookie, isSecureRequest, readCookie, SESSION_COOKIE } from '@/server/auth/request-auth';
import { refuseCrossSite } from '@/server/auth/route-helpers';
import { deleteSession } from '@/server/auth/sessions';
import { bootstrap } from '@/server/bootstrap';
import { errorResponse } from '@/server/errors';
import { webLogger } from '@/server/lib/web-logger';

export const dynamic = 'force-dynamic';

/** POST → deletes the session row and clears the cookie. */
export async function POST(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  try {
    const token = readCookie(request.headers, SESSION_COOKIE);
    if (token) await deleteSession({ db: (await bootstrap('web')).handle.db, token });
    const response = Response.json({ ok: true });
    response.headers.append('Set-Cookie', clearedSessionCookie(isSecureRequest(request.headers, request.url)));
    return response;
  } catch (error) {
    return errorResponse(error, { logger: webLogger() });
  }
}
