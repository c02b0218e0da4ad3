import type { OpenApiMeta } from 'trpc-to-openapi';

type RestMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * A procedure's REST route (`.meta(restRoute('GET', '/tasks', 'List tasks', '…'))`):
 * served under /api/v1 and described in the OpenAPI document, tagged by the
 * path's first segment (`/tasks/{key}/run` → `tasks`) unless `tags` says otherwise.
 */
export function restRoute(method: RestMethod, path: `/${string}`, summary: string, description?: string, tags: string[] = [path.split('/')[1]!]): OpenApiMeta {
  return { openapi: { method, path, tags, summary, ...(description !== undefined && { description }) } };
}
