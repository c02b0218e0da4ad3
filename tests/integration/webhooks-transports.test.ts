// Webhook endpoints through the CLI (`cronboard webhook …`) and REST (/api/v1/webhooks).
import { describe, expect, it } from 'vitest';
import type { DeliveryView } from '../../server/webhooks/list-deliveries';
import type { EndpointListItem } from '../../server/webhooks/list-endpoints';
import { WebhookSender } from '../../server/webhooks/webhook-sender';
import { createLogger } from '../../server/lib/logger';
import { runBin, waitFor } from './helpers/processes';
import { useRestTokens, type ApiErrorJson } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { webhookReceiver } from './helpers/webhook-receiver';
import { testConfig } from './helpers/worker-harness';

describe(`webhook CLI and REST on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });
  const cli = (env: Record<string, string>, ...args: string[]) => runBin(t.url, args, env);
  const rest = useRestTokens('admin', 'editor');

  it('cronboard webhook add prints the id and secret once; list, test, deliveries and remove work; a private target exits 2', async () => {
    const refused = await cli({}, 'webhook', 'add', '--url', 'http://127.0.0.1:9/hook', '--events', 'run.failed');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cronboard: url: 127\.0\.0\.1 is a private, loopback or link-local address \(set WEBHOOK_ALLOW_PRIVATE=true/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const badPattern = await cli({}, 'webhook', 'add', '--url', 'https://hooks.example.com/x', '--events', 'run.exploded', '--json');
    expect(badPattern.code).toBe(2);
    const failure = JSON.parse(badPattern.stdout) as { error: { code: string; message: string } };
    expect(failure.error.code).toBe('BAD_REQUEST');
    expect(failure.error.message).toMatch(/--events: 'run.exploded' is not a run event type/);

    const hook = await webhookReceiver();
    try {
      const added = await cli({ WEBHOOK_ALLOW_PRIVATE: 'true' }, 'webhook', 'add', '--url', hook.url, '--events', 'run.*,task.created', '--json');
      expect(added.code, added.stderr).toBe(0);
      const { id, secret, endpoint } = JSON.parse(added.stdout) as { id: string; secret: string; endpoint: { events: string[] } };
      expect(secret).toMatch(/^whsec_/);
      expect(endpoint.events).toEqual(['run.*', 'task.created']);

      const listed = await cli({}, 'webhook', 'list', '--json');
      const items = JSON.parse(listed.stdout) as EndpointListItem[];
      expect(items.map((e) => e.id)).toContain(id);
      expect(listed.stdout).not.toContain(secret.slice(6));
      expect((await cli({}, 'webhook', 'list')).stdout).toMatch(new RegExp(`${id}.*run\\.\\*,task\\.created.*enabled`));

      const tested = await cli({}, 'webhook', 'test', id, '--json');
      expect(tested.code, tested.stderr).toBe(0);
      const sender = new WebhookSender({ db: t.db, config: testConfig(t.url, { webhookAllowPrivate: true }), logger: createLogger({ name: 't', level: 'silent' }), pollMs: 50 });
      sender.start();
      try {
        await waitFor(async () => hook.received.length === 1, 15_000, 'the test delivery');
      } finally {
        await sender.stop();
      }
      const deliveries = JSON.parse((await cli({}, 'webhook', 'deliveries', id, '--json')).stdout) as DeliveryView[];
      expect(deliveries).toEqual([expect.objectContaining({ eventType: 'webhook.test', status: 'succeeded', attempts: 1 })]);

      expect((await cli({}, 'webhook', 'remove', id)).stdout).toContain(`Removed webhook endpoint ${id}`);
      const gone = await cli({}, 'webhook', 'remove', id);
      expect(gone.code).toBe(2);
      expect(gone.stderr).toContain(`No webhook endpoint with id '${id}'`);
    } finally {
      await hook.close();
    }
  }, 120_000);

  it('REST: admins add, list, test and remove endpoints; others are refused; a bad URL is a 400 naming it', async () => {
    const { api, tokens: { admin, editor } } = rest;
    const forbidden = await api.call<ApiErrorJson>('POST', '/webhooks', { token: editor, body: { url: 'https://hooks.example.com/x', events: ['run.failed'] } });
    expect(forbidden.status).toBe(403);
    const bad = await api.call<ApiErrorJson>('POST', '/webhooks', { token: admin, body: { url: 'http://169.254.169.254/latest', events: ['run.failed'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/169\.254\.169\.254 is a private, loopback or link-local address/);

    const created = await api.call<{ endpoint: { id: string }; secret: string }>('POST', '/webhooks', { token: admin, body: { url: 'https://hooks.example.com/x', events: ['run.failed'] } });
    expect(created.status).toBe(200);
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.endpoint.id;
    const list = await api.call<{ items: { id: string; secret?: string }[] }>('GET', '/webhooks', { token: admin });
    expect(list.body.items.find((e) => e.id === id)).toMatchObject({ id, url: 'https://hooks.example.com/x', events: ['run.failed'], enabled: true });
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const test = await api.call<{ eventId: number }>('POST', `/webhooks/${id}/test`, { token: admin, body: {} });
    expect(test.status).toBe(200);
    const deliveries = await api.call<{ items: unknown[] }>('GET', `/webhooks/${id}/deliveries`, { token: admin });
    expect(deliveries.status).toBe(200);
    expect((await api.call('DELETE', `/webhooks/${id}`, { token: admin })).status).toBe(200);
    expect((await api.call('GET', `/webhooks/${id}/deliveries`, { token: admin })).status).toBe(404);
  });
});
