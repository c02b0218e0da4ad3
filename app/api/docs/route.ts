import { DOCS_CSP, DOCS_HTML } from '@/server/http/api-docs';

// The interactive API reference (Swagger UI, served from our own bundle).
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return new Response(DOCS_HTML, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': DOCS_CSP } });
}
