import { clearedSessionCookie, isSecureRequest, readCookie, SESSION_COOKIE } from '@/server/auth/request-auth';
import { deleteSession } from '@/server/auth/sessions';
import { bootstrap } from '@/server/bootstrap';
import { authPostRoute } from '../auth-route';

export const dynamic = 'force-dynamic';

/** POST → deletes the session row and clears the cookie. */
export const POST = authPostRoute(async (request) => {
  const token = readCookie(request.headers, SESSION_COOKIE);
  if (token) await deleteSession({ db: (await bootstrap('web')).handle.db, token });
  const response = Response.json({ ok: true });
  response.headers.append('Set-Cookie', clearedSessionCookie(isSecureRequest(request.headers, request.url)));
  return response;
});
