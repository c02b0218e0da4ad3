// Where to go after signing in. Shared by the login page (GET, a signed-in
// visitor is redirected at once), the login form and the sign-in route (POST →
// 303 Location), so one rule decides what `next` may be.

const BASE = 'http://cronboard.invalid';

/**
 * `next` as a path on this site, or '/' when it is anything else. Judged after
 * the browser's own normalisation: `new URL(next, origin)` must keep our origin,
 * and the path it yields must not start with `//` (a browser reads that as
 * another host). Control characters (a browser drops tab, CR and LF, so
 * `/\t/evil.example` becomes `//evil.example`), backslashes (read as `/`) and
 * anything outside printable ASCII (not valid in a Location header) make it
 * ignored rather than a 500. The sign-in and setup pages themselves are no target.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return '/';
  if (!next.startsWith('/') || /[^\x20-\x7e]|\\/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith('/') || path.startsWith('//')) return '/';
  if (path.startsWith('/login') || path.startsWith('/setup')) return '/';
  return path;
}
