// GET /api/v1/tasks, conditional and cached (issue 12 item 7: the list's CPU
// per request). Every request reads the task list's change marker from the
// database (server/tasks/task-list-marker.ts: one small aggregate statement),
// so a change made by any process is seen on the very next request; then:
//   - `If-None-Match` with the current ETag: 304, no body;
//   - the serialized page for (role, query) already made at this marker: sent
//     as it is, without the procedure, its query, its zod checks or JSON;
//   - else the procedure answers as always and a 200 is kept for the next one.
// The ETag is a hash of the marker, the caller's role and the query, so a
// role or a filter never gets another's page. Only 200s are kept; errors,
// 401/403 included, go through the procedure every time.
import 'server-only';
import { createHash } from 'node:crypto';
import type { Db } from '../db';
import { taskListMarker } from '../tasks/task-list-marker';

/** The REST paths (under /api/v1) whose answer is a function of the task list's marker, the query and the role alone. */
const CACHED_PATHS = new Set(['/tasks']);
const MAX_ENTRIES = 100;

interface Entry {
  etag: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}
const caches = new WeakMap<Db, Map<string, Entry>>();

export function isCachedListRoute(method: string, path: string): boolean {
  return method === 'GET' && CACHED_PATHS.has(path);
}

/** Whether `If-None-Match` names `etag` (or is `*`); weak comparison, as RFC 9110 asks for GET. */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === etag);
}

function remember(cache: Map<string, Entry>, key: string, entry: Entry): void {
  cache.delete(key);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, entry);
}

/**
 * The answer to a cached list route: 304, the kept page, or `produce()`'s
 * answer (kept when it is a 200). `produce` must call the procedure as the
 * transport always does; its answer is at least as new as the marker, which is
 * read first.
 */
export async function cachedListAnswer(options: { db: Db; request: Request; search: string; role: string; produce: () => Promise<Response> }): Promise<Response> {
  const marker = await taskListMarker({ db: options.db });
  const key = `${options.role}\n${options.search}`;
  const etag = `"${createHash('sha1').update(`${marker}\n${key}`).digest('base64url')}"`;
  const headers = { etag, 'cache-control': 'private, no-cache' };
  if (matchesIfNoneMatch(options.request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });

  let cache = caches.get(options.db);
  if (!cache) caches.set(options.db, (cache = new Map<string, Entry>()));
  let entry = cache.get(key);
  if (entry?.etag !== etag) {
    const response = await options.produce();
    if (response.status !== 200) return response;
    entry = { etag, contentType: response.headers.get('content-type') ?? 'application/json', body: new Uint8Array(await response.arrayBuffer()) };
    remember(cache, key, entry);
  }
  // Compression stays Next.js's: it drops a route's own Content-Encoding and would gzip a gzipped body again.
  return new Response(entry.body, { status: 200, headers: { ...headers, 'content-type': entry.contentType } });
}
