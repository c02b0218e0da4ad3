import 'server-only';
// The OpenAPI 3.1 document of /api/v1, generated from the procedures'
// `.meta({ openapi })`, input and output schemas (trpc-to-openapi), never
// written by hand. Two routes are not tRPC procedures (they stream, or answer
// text): the run log and the event stream, described here beside it.

import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { z } from 'zod';
import { appRouter } from '../routers/_app';

export const API_BASE_PATH = '/api/v1';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'fields'],
      properties: {
        code: { type: 'string', description: 'A code of the error table, e.g. VALIDATION_FAILED, NOT_FOUND, PRECONDITION_FAILED.' },
        message: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'What is wrong with each named field (empty when none).' },
      },
    },
  },
} as const;

const textOrEvents = { content: { 'text/plain': { schema: { type: 'string' } }, 'text/event-stream': { schema: { type: 'string' } } } };

/** The two streaming routes (app/api/v1/runs/[id]/log, app/api/v1/events/stream), not procedures. */
const streamingPaths = {
  '/runs/{id}/log': {
    get: {
      operationId: 'runs-log',
      tags: ['runs'],
      summary: "A run's output",
      description: 'The log as text/plain; with `follow=1`, server-sent events (one `log` event per line) until the run ends.',
      security: [{ Authorization: [] }],
      requestParams: { path: z.object({ id: z.coerce.number().int().positive() }), query: z.object({ follow: z.enum(['0', '1']).optional() }) },
      responses: { '200': { description: 'The log', ...textOrEvents } },
    },
  },
  '/events/stream': {
    get: {
      operationId: 'events-stream',
      tags: ['events'],
      summary: 'Follow events live',
      description:
        'Server-sent events of the audit log as they are recorded (type prefix and task filters as for /events). Each event carries its id; reconnect with `Last-Event-ID` to resume without gaps or repeats. Heartbeats keep the connection open.',
      security: [{ Authorization: [] }],
      requestParams: { query: z.object({ type: z.string().optional(), task: z.string().optional() }) },
      responses: { '200': { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
    },
  },
};

let cached: OpenAPIObject | undefined;

/** The document (built once per process: the routers do not change while it runs). */
export function openApiDocument(): OpenAPIObject {
  if (cached) return cached;
  const doc = generateOpenApiDocument(appRouter, {
    title: 'Cronboard API',
    version: '1.0.0',
    openApiVersion: '3.1.0',
    description:
      'REST/JSON over the same procedures as the web app. Send an API token as `Authorization: Bearer <token>` (`cronboard token create`, or the Tokens page). Times are ISO-8601 UTC. Errors are `{"error": {"code", "message", "fields"}}`; every answer carries `X-Request-Id`.',
    baseUrl: API_BASE_PATH,
    tags: ['tasks', 'runs', 'events', 'workers', 'schedules', 'session'],
    securitySchemes: { Authorization: { type: 'http', scheme: 'bearer', description: 'An API token (cbt_…)' } },
    paths: streamingPaths as never,
  });
  // Every error answer has our one shape, whatever the generator named it.
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(schemas)) if (name.startsWith('error.')) schemas[name] = errorSchema;
  cached = doc;
  return doc;
}
