// Response shapes of /api/v1/webhooks (see outputs.ts for the pattern).
import { z } from 'zod';
import type { DeliveryView } from '../../webhooks/list-deliveries';
import type { EndpointListItem } from '../../webhooks/list-endpoints';
import type { WebhookEndpointView } from '../../webhooks/schemas';
import { isoTime } from './outputs';

const describes = <T>(schema: z.ZodType): z.ZodType<T> => schema as z.ZodType<T>;

const endpointShape = {
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  taskKey: z.string().nullable(),
  label: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: isoTime,
  createdBy: z.string().nullable(),
  failingSince: isoTime.nullable().meta({ description: 'Since when every attempt has failed; 24 h of it disables the endpoint.' }),
  disabledReason: z.string().nullable(),
};

export const webhookEndpointOutput = describes<WebhookEndpointView>(z.looseObject(endpointShape));

export const webhookListOutput = describes<{ items: EndpointListItem[] }>(
  z.object({
    items: z.array(
      z.looseObject({
        ...endpointShape,
        waiting: z.number().int(),
        lastDelivery: z.object({ status: z.string(), at: isoTime, statusCode: z.number().int().nullable() }).nullable(),
      }),
    ),
  }),
);

export const createdWebhookOutput = describes<{ endpoint: WebhookEndpointView; secret: string }>(
  z.object({ endpoint: webhookEndpointOutput, secret: z.string().meta({ description: 'The signing secret (whsec_…): shown here once, never again.' }) }),
);

export const webhookDeliveriesOutput = describes<{ items: DeliveryView[] }>(
  z.object({
    items: z.array(
      z.looseObject({
        id: z.number().int(),
        eventId: z.number().int(),
        eventType: z.string(),
        webhookId: z.string(),
        status: z.enum(['pending', 'delivering', 'succeeded', 'failed']),
        attempts: z.number().int(),
        nextAttemptAt: isoTime.nullable(),
        createdAt: isoTime,
        lastStatusCode: z.number().int().nullable(),
        lastError: z.string().nullable(),
        log: z.array(
          z.object({
            at: isoTime,
            outcome: z.string(),
            statusCode: z.number().int().nullable(),
            durationMs: z.number().int(),
            error: z.string().nullable(),
            response: z.string().nullable().meta({ description: 'The first 4 KiB of the answer.' }),
          }),
        ),
      }),
    ),
  }),
);
