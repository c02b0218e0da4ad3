import { NextResponse, type NextRequest } from 'next/server';
import { isHttpsBehindTrustedProxy } from './server/auth/client-address';
import { getConfig } from './server/config';

/** HSTS only over https: `next start` serves plain http, so that means a TRUST_PROXY proxy saying X-Forwarded-Proto: https. */
export const HSTS = 'max-age=31536000';

function servedOverHttps(request: NextRequest): boolean {
  try {
    return isHttpsBehindTrustedProxy(request.headers, getConfig().trustProxy);
  } catch {
    return false; // an invalid configuration already stopped start-up; never fail a page over it
  }
}

// Security headers for pages: a Content-Security-Policy with a fresh nonce per
// request (Next.js puts it on its own inline scripts; the layout puts it on
// the theme script), Strict-Transport-Security when served over https, and the
// request path for the header's sign-in redirect.
// Headers for every other response (API, static files) are in next.config.ts.
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    // React needs eval only in development (error stacks); never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes (drag transforms, toasts) are not script: allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-cronboard-path', request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  if (servedOverHttps(request)) response.headers.set('Strict-Transport-Security', HSTS);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!api|_next/static|_next/image|favicon.ico|icon.svg).*)' }],
};
