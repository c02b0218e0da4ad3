// Custom events (issue 13 item 5) from the REST API and the CLI: recorded like
// any event (the events list shows them), refused in the reserved namespaces,
// and delivered to a webhook endpoint subscribed to them.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import type { EventView } from '../../server/events/event-view';
import { createLogger } from '../../server/lib/logger';
import { createEndpoint } from '../../server/webhooks/create-endpoint';
import { WebhookSender } from '../../server/webhooks/webhook-sender';
import { runBin, waitFor } from './helpers/processes';
import { useRestTokens, type ApiErrorJson } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { webhookReceiver } from './helpers/webhook-receiver';
import { testConfig } from './helpers/worker-harness';

describe(`custom events on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });
  const cli = (...args: string[]) => runBin(t.url, args);
  const rest = useRestTokens('operator', 'viewer');

  it('POST /api/v1/events records one for an operator, refuses reserved namespaces and viewers', async () => {
    const { api, tokens: { operator, viewer } } = rest;
    const published = await api.call<EventView>('POST', '/events', { token: operator, body: { type: 'email.batch_processed', payload: { batch: 42 } } });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ type: 'email.batch_processed', actorType: 'token', payload: { batch: 42 }, summary: expect.stringContaining('email.batch_processed') as string });
    const listed = await api.call<{ items: EventView[] }>('GET', '/events', { token: viewer });
    expect(listed.body.items[0]).toMatchObject({ id: published.body.id, type: 'email.batch_processed' });

    const reserved = await api.call<ApiErrorJson>('POST', '/events', { token: operator, body: { type: 'run.failed' } });
    expect(reserved.status).toBe(422);
    expect(JSON.stringify(reserved.body.error)).toMatch(/'run.failed' is in a namespace Cronboard reserves/);
    const undotted = await api.call<ApiErrorJson>('POST', '/events', { token: operator, body: { type: 'hello' } });
    expect(JSON.stringify(undotted.body.error)).toMatch(/must be a dotted name/);
    expect((await api.call('POST', '/events', { token: viewer, body: { type: 'email.sent' } })).status).toBe(403);
  });

  it('cronboard event publish records one, and a webhook endpoint subscribed to email.* receives it', async () => {
    const hook = await webhookReceiver();
    const sender = new WebhookSender({ db: t.db, config: testConfig(t.url, { webhookAllowPrivate: true }), logger: createLogger({ name: 't', level: 'silent' }), pollMs: 50 });
    try {
      await createEndpoint({ db: t.db, input: { url: hook.url, events: ['email.*'] }, actor: SYSTEM_ACTOR, secretKey: null, allowPrivate: true });
      const published = await cli('event', 'publish', 'email.batch_processed', '--payload', '{"count":3}', '--json');
      expect(published.code, published.stderr).toBe(0);
      const event = JSON.parse(published.stdout) as EventView;
      expect(event).toMatchObject({ type: 'email.batch_processed', actorType: 'user', payload: { count: 3 } });
      const bad = await cli('event', 'publish', 'task.created', '--json');
      expect(bad.code).toBe(2);
      expect((JSON.parse(bad.stdout) as ApiErrorJson).error.message).toMatch(/TYPE: 'task.created' is in a namespace Cronboard reserves/);

      sender.start();
      await waitFor(async () => hook.received.length >= 1, 15_000, 'the delivery');
      const body = JSON.parse(hook.received[0]!.body) as { type: string; data: { event: { id: number; payload: unknown } } };
      expect(body).toMatchObject({ type: 'email.batch_processed', data: { event: { id: event.id, payload: { count: 3 } } } });
    } finally {
      await sender.stop();
      await hook.close();
    }
  }, 60_000);
});
