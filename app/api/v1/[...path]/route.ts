import { handleRestRequest } from '@/server/http/rest-api';

// REST/JSON under /api/v1, generated from the tRPC procedures' OpenAPI metadata
// (server/http/rest-api.ts). Routes with their own folder here (openapi.json,
// the run log, the event stream) take precedence over this catch-all.
export const dynamic = 'force-dynamic';

export { handleRestRequest as GET, handleRestRequest as POST, handleRestRequest as PUT, handleRestRequest as PATCH, handleRestRequest as DELETE };
