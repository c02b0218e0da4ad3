// Reading credentials and request facts from headers: the session cookie, a
// Bearer token, the client address, whether the request is same-origin.

export const SESSION_COOKIE = 'cronboard_session';
/** Sent by the tRPC client on every request; a cross-site form cannot set it. */
export const CSRF_HEADER = 'x-cronboard-csrf';

export function readCookie(headers: Headers, name: string): string | null {
  const raw = headers.get('cookie');
  if (!raw) return null;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function readBearer(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return match?.[1] ?? null;
}

/** https directly, or behind a proxy that says so. */
export function isSecureRequest(headers: Headers, url?: string): boolean {
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (proto) return proto === 'https';
  return url?.startsWith('https:') ?? false;
}

/**
 * CSRF check for cookie-authenticated writes: the browser says same-origin
 * (Sec-Fetch-Site), or the Origin matches the host, or (no Origin at all, a
 * non-browser client) the custom header is present. Bearer requests never get here.
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const site = headers.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = headers.get('origin');
  if (origin) {
    const host = headers.get('x-forwarded-host') ?? headers.get('host');
    try {
      return !!host && new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  return headers.has(CSRF_HEADER);
}

export function sessionCookie(token: string, options: { secure: boolean; expiresAt: Date }): string {
  return [`${SESSION_COOKIE}=${encodeURIComponent(token)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Expires=${options.expiresAt.toUTCString()}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}
