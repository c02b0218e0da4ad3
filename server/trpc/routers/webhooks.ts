// Webhook endpoints (issue 13): admin only, the same procedures for the web
// app, the CLI's services and REST (/api/v1/webhooks).
import { z } from 'zod';
import { secretKeyOf } from '../../secrets/crypto';
import { createEndpoint } from '../../webhooks/create-endpoint';
import { DELIVERY_PAGE_MAX, listDeliveries } from '../../webhooks/list-deliveries';
import { listEndpoints } from '../../webhooks/list-endpoints';
import { redeliver } from '../../webhooks/redeliver';
import { removeEndpoint } from '../../webhooks/remove-endpoint';
import { webhookIdSchema, webhookInputSchema } from '../../webhooks/schemas';
import { sendTestEvent } from '../../webhooks/send-test-event';
import { setEndpointEnabled } from '../../webhooks/set-endpoint-enabled';
import { adminProcedure, router } from '../init';
import { createdWebhookOutput, webhookDeliveriesOutput, webhookEndpointOutput, webhookListOutput } from '../openapi/webhook-outputs';

const tags = ['webhooks'];
const byId = z.object({ id: webhookIdSchema });

export const webhooksRouter = router({
  list: adminProcedure
    .meta({ openapi: { method: 'GET', path: '/webhooks', tags, summary: 'List webhook endpoints', description: 'Oldest first, each with its waiting deliveries and its latest one. Secrets are never shown.' } })
    .input(z.object({}).optional())
    .output(webhookListOutput)
    .query(async ({ ctx }) => ({ items: await listEndpoints({ db: ctx.db }) })),
  create: adminProcedure
    .meta({ openapi: { method: 'POST', path: '/webhooks', tags, summary: 'Add a webhook endpoint', description: 'Events matching `events` (and the task or label filter) recorded from now on are delivered, signed per Standard Webhooks. The answer holds the signing secret, once. Private, loopback and link-local targets are refused unless WEBHOOK_ALLOW_PRIVATE=true.' } })
    .input(webhookInputSchema)
    .output(createdWebhookOutput)
    .mutation(({ ctx, input }) => createEndpoint({ db: ctx.db, input, actor: ctx.actor, secretKey: secretKeyOf(ctx.config), allowPrivate: ctx.config.webhookAllowPrivate })),
  remove: adminProcedure
    .meta({ openapi: { method: 'DELETE', path: '/webhooks/{id}', tags, summary: 'Remove a webhook endpoint', description: 'With its deliveries and their attempts.' } })
    .input(byId)
    .output(webhookEndpointOutput)
    .mutation(async ({ ctx, input }) => removeEndpoint({ db: ctx.db, id: input.id })),
  setEnabled: adminProcedure
    .input(byId.extend({ enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => setEndpointEnabled({ db: ctx.db, id: input.id, enabled: input.enabled })),
  test: adminProcedure
    .meta({ openapi: { method: 'POST', path: '/webhooks/{id}/test', tags, summary: 'Send a test event', description: 'Records a `webhook.test` event that only this endpoint is sent.' } })
    .input(byId)
    .output(z.object({ eventId: z.number().int() }))
    .mutation(async ({ ctx, input }) => sendTestEvent({ db: ctx.db, id: input.id, actor: ctx.actor })),
  deliveries: adminProcedure
    .meta({ openapi: { method: 'GET', path: '/webhooks/{id}/deliveries', tags, summary: "An endpoint's recent deliveries", description: 'Newest first, each with its attempts (status code, duration, the first 4 KiB of the answer).' } })
    .input(byId.extend({ limit: z.number().int().min(1).max(DELIVERY_PAGE_MAX).default(20) }))
    .output(webhookDeliveriesOutput)
    .query(async ({ ctx, input }) => ({ items: await listDeliveries({ db: ctx.db, endpointId: input.id, limit: input.limit }) })),
  redeliver: adminProcedure
    .meta({ openapi: { method: 'POST', path: '/webhooks/deliveries/{id}/redeliver', tags, summary: 'Redeliver', description: 'Sends a delivery again now, with the same webhook-id.' } })
    .input(z.object({ id: z.number().int().positive() }))
    .output(z.object({ id: z.number().int(), status: z.string() }))
    .mutation(async ({ ctx, input }) => redeliver({ db: ctx.db, deliveryId: input.id })),
});
