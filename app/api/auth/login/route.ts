import { safeNextPath } from '@/components/auth/safe-next';
import { clientAddress } from '@/server/auth/client-address';
import { isSecureRequest, sessionCookie } from '@/server/auth/request-auth';
import { parseJsonBody } from '@/server/auth/route-helpers';
import { signIn, type SignInResult } from '@/server/auth/sign-in';
import { bootstrap } from '@/server/bootstrap';
import { ERROR_CODES } from '@/server/errors';
import { loginInput } from '@/server/users/schemas';
import { authPostRoute } from '../auth-route';

export const dynamic = 'force-dynamic';

/**
 * Sign-in. JSON ({ email, password } → 200 / 401 / 429 JSON, for scripts and
 * tests) or the login page's plain HTML form (→ 303 to `next`, or back to
 * /login with an error code the page turns into its message; works without
 * JavaScript and leaves no failed request in the browser console).
 */
export const POST = authPostRoute(async (request) => {
  const isForm = !(request.headers.get('content-type') ?? '').includes('application/json');
  if (isForm) return await formSignIn(request);
  const body = await parseJsonBody(request, loginInput);
  if (!body.ok) return body.response;
  const result = await attempt(request, body.data);
  if (!result.ok) {
    const headers: HeadersInit = result.reason === 'rate_limited' ? { 'Retry-After': String(Math.ceil((result.retryAt.getTime() - Date.now()) / 1000)) } : {};
    return Response.json({ error: result.message }, { status: result.reason === 'rate_limited' ? ERROR_CODES.TOO_MANY_REQUESTS.status : ERROR_CODES.UNAUTHORIZED.status, headers });
  }
  return withSessionCookie(Response.json({ user: result.user }), request, result);
});

async function attempt(request: Request, input: { email: string; password: string }): Promise<SignInResult> {
  const { handle, config } = await bootstrap('web');
  return signIn({ db: handle.db, ...input, ip: clientAddress(request.headers, config.trustProxy), userAgent: request.headers.get('user-agent') });
}

async function formSignIn(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const next = safeNextPath(form?.get('next'));
  const back = (params: Record<string, string>) => {
    const url = new URL('/login', request.url);
    for (const [k, v] of Object.entries({ ...params, ...(next === '/' ? {} : { next }) })) url.searchParams.set(k, v);
    // Relative Location: correct behind any proxy, whatever Host it rewrote.
    return new Response(null, { status: 303, headers: { Location: url.pathname + url.search } });
  };
  const parsed = loginInput.safeParse({ email: form?.get('email'), password: form?.get('password') });
  // The email goes back with the error so the person only retypes the password (never the password itself).
  const typed = typeof form?.get('email') === 'string' ? (form.get('email') as string).trim().slice(0, 254) : '';
  const withEmail = (params: Record<string, string>) => back(typed ? { ...params, email: typed } : params);
  if (!parsed.success) return withEmail({ error: 'missing' });
  const result = await attempt(request, parsed.data);
  if (!result.ok) {
    return result.reason === 'rate_limited'
      ? withEmail({ error: 'rate', minutes: String(Math.max(1, Math.ceil((result.retryAt.getTime() - Date.now()) / 60_000))) })
      : withEmail({ error: 'invalid' });
  }
  return withSessionCookie(new Response(null, { status: 303, headers: { Location: next } }), request, result);
}

function withSessionCookie(response: Response, request: Request, session: { token: string; expiresAt: Date }): Response {
  response.headers.append('Set-Cookie', sessionCookie(session.token, { secure: isSecureRequest(request.headers, request.url), expiresAt: session.expiresAt }));
  return response;
}
