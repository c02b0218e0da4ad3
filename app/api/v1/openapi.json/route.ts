import { requestIdOf } from '@/server/http/rest-api';
import { openApiDocument } from '@/server/trpc/openapi/document';

// The OpenAPI 3.1 document of /api/v1, generated from the procedures (no credentials needed to read it).
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  return Response.json(openApiDocument(), { headers: { 'cache-control': 'no-cache', 'x-request-id': requestIdOf(request.headers) } });
}
