import { clientIp, isSecureRequest, sessionCookie } from '@/server/auth/request-auth';
import { errorResponse, parseJsonBody, refuseCrossSite } from '@/server/auth/route-helpers';
import { signIn } from '@/server/auth/sign-in';
import { bootstrap } from '@/server/bootstrap';
import { loginInput } from '@/server/users/schemas';

export const dynamic = 'force-dynamic';

/** POST { email, password } → sets the session cookie. 401 wrong credentials, 429 too many attempts. */
export async function POST(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  const body = await parseJsonBody(request, loginInput);
  if (!body.ok) return body.response;
  try {
    const { handle } = await bootstrap('web');
    const result = await signIn({ db: handle.db, ...body.data, ip: clientIp(request.headers), userAgent: request.headers.get('user-agent') });
    if (!result.ok) {
      const headers: HeadersInit = result.reason === 'rate_limited' ? { 'Retry-After': String(Math.ceil((result.retryAt.getTime() - Date.now()) / 1000)) } : {};
      return Response.json({ error: result.message }, { status: result.reason === 'rate_limited' ? 429 : 401, headers });
    }
    const response = Response.json({ user: result.user });
    response.headers.append('Set-Cookie', sessionCookie(result.token, { secure: isSecureRequest(request.headers, request.url), expiresAt: result.expiresAt }));
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
