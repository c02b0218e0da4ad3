import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import type { Config } from '../../server/config';
import { createLogger } from '../../server/lib/logger';
import { queueRuns } from '../../server/queue/queue-runs';
import { claimDeliveries } from '../../server/webhooks/claim-deliveries';
import { createEndpoint } from '../../server/webhooks/create-endpoint';
import { fanOutEvents } from '../../server/webhooks/fan-out-events';
import { finishDelivery } from '../../server/webhooks/finish-delivery';
import { listDeliveries, type DeliveryView } from '../../server/webhooks/list-deliveries';
import { redeliver } from '../../server/webhooks/redeliver';
import { sendTestEvent } from '../../server/webhooks/send-test-event';
import { WebhookSender } from '../../server/webhooks/webhook-sender';
import { expectAppError } from './helpers/app-error';
import { cleanEnv, finished, waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { webhookReceiver } from './helpers/webhook-receiver';
import { makeTask, testConfig } from './helpers/worker-harness';

const provider = testProvider();

describe(`webhooks on ${provider}`, () => {
  const t = useTestDatabase();
  const senders: WebhookSender[] = [];
  const closers: (() => Promise<void>)[] = [];
  let config: Config;

  beforeEach(async () => {
    await t.db.webhookEndpoint.deleteMany();
    await t.db.setting.deleteMany({ where: { key: 'webhooks.cursor' } });
    await t.reset();
    config = testConfig(t.url, { webhookAllowPrivate: true, webhookRetryBaseMs: 40, webhookTimeoutMs: 1000, publicUrl: 'https://cron.example.com/' });
  });
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.stop()));
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  const startSender = (overrides: Partial<Config> = {}) => {
    const sender = new WebhookSender({ db: t.db, config: { ...config, ...overrides }, logger: createLogger({ name: 'webhooks-test', level: 'silent' }), pollMs: 50 });
    senders.push(sender);
    sender.start();
    return sender;
  };
  const receiver = async (...args: Parameters<typeof webhookReceiver>) => {
    const r = await webhookReceiver(...args);
    closers.push(r.close);
    return r;
  };
  /** The endpoint's deliveries once the first (newest) one satisfies `done`. */
  const deliveriesOnce = (endpointId: string, done: (first: DeliveryView | undefined) => boolean, what: string) =>
    waitFor(async () => {
      const list = await listDeliveries({ db: t.db, endpointId });
      return done(list[0]) && list;
    }, 20_000, what);
  const endpoint = (url: string, events: string[], extra: { taskKey?: string; label?: string } = {}) =>
    createEndpoint({ db: t.db, input: { url, events, ...extra }, actor: SYSTEM_ACTOR, secretKey: null, allowPrivate: true });

  it('signs each delivery so the standardwebhooks verifier accepts it, and a wrong secret fails', async () => {
    const hook = await receiver();
    await makeTask(t.db, { key: 'nightly-backup' });
    const { secret, endpoint: ep } = await endpoint(hook.url, ['run.*']);
    expect(secret).toMatch(/^whsec_/);
    const stored = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(stored.secret).toBe(secret); // no CRONBOARD_SECRET_KEY in this test: stored as is (encrypted when set, see the unit test)
    const [runId] = await queueRuns({ db: t.db, task: { key: 'nightly-backup' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    startSender();
    await waitFor(async () => hook.received.length >= 1, 15_000, 'a delivery');

    const [got] = hook.received;
    const headers = { 'webhook-id': String(got!.headers['webhook-id']), 'webhook-timestamp': String(got!.headers['webhook-timestamp']), 'webhook-signature': String(got!.headers['webhook-signature']) };
    const body = new Webhook(secret).verify(got!.body, headers) as { type: string; timestamp: string; data: { event: { id: number; taskKey: string }; task: { key: string }; run: { id: number; url: string } } };
    expect(body.type).toBe('run.queued');
    expect(body.data.event.taskKey).toBe('nightly-backup');
    expect(body.data.task.key).toBe('nightly-backup');
    expect(body.data.run).toMatchObject({ id: runId, url: `https://cron.example.com/runs/${runId}` });
    expect(headers['webhook-id']).toBe(`evt_${body.data.event.id}`);
    const other = `whsec_${Buffer.from('another secret of 24 by').toString('base64')}`;
    expect(() => new Webhook(other).verify(got!.body, headers)).toThrow(/signature/i);
    expect(() => new Webhook(secret).verify(got!.body.replace('run.queued', 'run.failed'), headers)).toThrow(/signature/i);

    const [delivery] = await deliveriesOnce(ep.id, (d) => d?.status === 'succeeded', 'the delivery to be recorded');
    expect(delivery!.log).toEqual([expect.objectContaining({ outcome: 'succeeded', statusCode: 200, response: 'ok' })]);
  });

  it('delivers only what an endpoint subscribed to (patterns, task filter, label filter)', async () => {
    const hook = await receiver();
    await makeTask(t.db, { key: 'a', labels: ['nightly'] });
    await makeTask(t.db, { key: 'b' });
    const byTask = await endpoint(hook.url, ['run.queued'], { taskKey: 'b' });
    const byLabel = await endpoint(hook.url, ['run.*'], { label: 'nightly' });
    const tasksOnly = await endpoint(hook.url, ['task.*']);
    await queueRuns({ db: t.db, task: { key: 'a' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    await queueRuns({ db: t.db, task: { key: 'b' }, trigger: 'manual', times: 2, actor: SYSTEM_ACTOR });
    startSender();
    await waitFor(async () => hook.received.length >= 3, 15_000, 'three deliveries');
    await new Promise((r) => setTimeout(r, 300)); // nothing more arrives
    const rows = await t.db.webhookDelivery.findMany({ select: { endpointId: true, eventType: true } });
    expect(rows.filter((r) => r.endpointId === byTask.endpoint.id)).toHaveLength(2);
    expect(rows.filter((r) => r.endpointId === byLabel.endpoint.id)).toHaveLength(1);
    expect(rows.filter((r) => r.endpointId === tasksOnly.endpoint.id)).toHaveLength(0);
    expect(hook.received).toHaveLength(3);
  });

  it('retries 500s with growing gaps until the receiver answers 200: exactly one successful delivery', async () => {
    const hook = await receiver((i) => (i < 3 ? { status: 500, body: 'down for maintenance' } : { status: 200 }));
    await makeTask(t.db, { key: 'flaky' });
    const { endpoint: ep } = await endpoint(hook.url, ['run.queued']);
    await queueRuns({ db: t.db, task: { key: 'flaky' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    startSender();
    const [delivery] = await deliveriesOnce(ep.id, (d) => d?.status === 'succeeded', 'the delivery to succeed');
    expect(hook.received).toHaveLength(4);
    expect(hook.ids().size).toBe(1);
    expect(delivery!.attempts).toBe(4);
    expect(delivery!.log.map((a) => [a.outcome, a.statusCode])).toEqual([['failed', 500], ['failed', 500], ['failed', 500], ['succeeded', 200]]);
    expect(delivery!.log[0]!.response).toBe('down for maintenance');
    const gaps = hook.received.slice(1).map((r, i) => r.at - hook.received[i]!.at);
    // Base 40 ms: retries after 40, 240 and 2400 ms (±20 % jitter) at the least; a loaded machine adds its own delay to each.
    expect(gaps[0]!).toBeGreaterThanOrEqual(32);
    expect(gaps[1]!).toBeGreaterThanOrEqual(192);
    expect(gaps[2]!).toBeGreaterThanOrEqual(1920);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    const after = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(after.failingSince).toBeNull();
  });

  it('does not retry a 4xx answer other than 429, and Redeliver sends it again with the same webhook-id', async () => {
    const hook = await receiver((i) => (i === 0 ? { status: 410, body: 'gone' } : { status: 204 }));
    await makeTask(t.db, { key: 'gone' });
    const { endpoint: ep } = await endpoint(hook.url, ['run.queued']);
    await queueRuns({ db: t.db, task: { key: 'gone' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    startSender();
    const [failed] = await deliveriesOnce(ep.id, (d) => d?.status === 'failed', 'the delivery to fail');
    expect(failed!.log).toEqual([expect.objectContaining({ outcome: 'failed', statusCode: 410, error: 'answered 410', response: 'gone' })]);
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.received).toHaveLength(1);

    await redeliver({ db: t.db, deliveryId: failed!.id });
    const [again] = await deliveriesOnce(ep.id, (d) => d?.status === 'succeeded', 'the redelivery');
    expect(again!.log.map((a) => a.statusCode)).toEqual([410, 204]);
    expect(hook.received).toHaveLength(2);
    expect(hook.ids().size).toBe(1);
  });

  it('sends a test event to the one endpoint it is for', async () => {
    const hook = await receiver();
    const first = await endpoint(hook.url, ['*']);
    const second = await endpoint(hook.url, ['*']);
    await sendTestEvent({ db: t.db, id: first.endpoint.id, actor: SYSTEM_ACTOR });
    startSender();
    await waitFor(async () => hook.received.length >= 1, 15_000, 'the test event');
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.received).toHaveLength(1);
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ type: 'webhook.test', data: { event: { payload: { endpointId: first.endpoint.id } } } });
    expect(await t.db.webhookDelivery.count({ where: { endpointId: second.endpoint.id } })).toBe(0);
  });

  it('refuses private targets when saved, and a name resolving to one when sending', async () => {
    for (const url of ['http://127.0.0.1:9/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://localhost/x', 'ftp://example.com/x']) {
      const saving = createEndpoint({ db: t.db, input: { url, events: ['run.*'] }, actor: SYSTEM_ACTOR, secretKey: null, allowPrivate: false });
      await expectAppError(saving, 'BAD_REQUEST', url.startsWith('ftp') ? /only http and https/ : /private, loopback or link-local/);
    }
    expect(await t.db.webhookEndpoint.count()).toBe(0);

    // Saved while private targets were allowed; the sender no longer allows them: localhost resolves to 127.0.0.1 and is refused.
    const hook = await receiver();
    await makeTask(t.db, { key: 'p' });
    const { endpoint: ep } = await endpoint(hook.url.replace('127.0.0.1', 'localhost'), ['run.queued']);
    await queueRuns({ db: t.db, task: { key: 'p' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    startSender({ webhookAllowPrivate: false });
    const [delivery] = await deliveriesOnce(ep.id, (d) => (d?.log.length ?? 0) >= 1, 'an attempt');
    expect(delivery!.log[0]!.error).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address/);
    expect(hook.received).toHaveLength(0);
  });

  it('disables an endpoint whose deliveries have all failed for 24 h, with a webhook.disabled event', async () => {
    await makeTask(t.db, { key: 'down' });
    const { endpoint: ep } = await endpoint('https://hooks.example.com/down', ['run.queued']);
    await queueRuns({ db: t.db, task: { key: 'down' }, trigger: 'manual', times: 2, actor: SYSTEM_ACTOR });
    await fanOutEvents({ db: t.db, state: { cursor: null } });
    const start = new Date();
    const failAt = async (at: Date) => {
      const [claimed] = await claimDeliveries({ db: t.db, limit: 1, now: at });
      return finishDelivery({ db: t.db, delivery: claimed!, result: { statusCode: 503, durationMs: 5, response: 'busy', error: null }, retryBaseMs: 5000, now: at });
    };
    expect(await failAt(start)).toBe('retry');
    expect((await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).failingSince).toEqual(start);
    // The other delivery, a day later, still failing: the endpoint is disabled.
    const dayLater = new Date(start.getTime() + 24 * 3600_000);
    await failAt(dayLater);
    const disabled = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'every delivery has failed for 24 h (last: answered 503)' });
    const event = await t.db.event.findFirstOrThrow({ where: { type: 'webhook.disabled' } });
    expect(event.payload).toMatchObject({ endpointId: ep.id, url: 'https://hooks.example.com/down' });
    // A disabled endpoint's deliveries are not claimed.
    expect(await claimDeliveries({ db: t.db, limit: 10, now: new Date(dayLater.getTime() + 3600_000) })).toEqual([]);
  });

  it('loses nothing when a worker is killed mid-delivery: every event reaches the receiver', async () => {
    // A slow receiver, so the worker is killed with deliveries in flight.
    const hook = await receiver(() => ({ status: 200, delayMs: 150 }));
    await makeTask(t.db, { key: 'many' });
    await endpoint(hook.url, ['run.queued']);
    const env = cleanEnv({
      DATABASE_URL: t.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', WORKER_CONCURRENCY: '1', POLL_INTERVAL_MS: '200',
      WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_RETRY_BASE_MS: '50',
    });
    const worker = (): ChildProcess => spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'worker/main.ts')], { env });
    const first = worker();
    const firstDone = finished(first);
    await queueRuns({ db: t.db, task: { key: 'many' }, trigger: 'manual', times: 30, actor: SYSTEM_ACTOR });
    await waitFor(async () => hook.received.length >= 3, 30_000, 'some deliveries');
    first.kill('SIGKILL');
    expect((await firstDone).signal).toBe('SIGKILL');
    // It died holding claims: those deliveries are taken over once their claims expire.
    expect(await t.db.webhookDelivery.count({ where: { status: 'delivering' } })).toBeGreaterThan(0);
    await queueRuns({ db: t.db, task: { key: 'many' }, trigger: 'manual', times: 10, actor: SYSTEM_ACTOR });
    const second = worker();
    const secondDone = finished(second);
    try {
      const events = await t.db.event.count({ where: { type: 'run.queued' } });
      expect(events).toBe(40);
      await waitFor(async () => (await t.db.webhookDelivery.count({ where: { status: 'succeeded' } })) === events, 60_000, 'every delivery');
      expect(hook.ids().size).toBe(events);
      expect(await t.db.webhookDelivery.count()).toBe(events);
    } finally {
      second.kill('SIGTERM');
      await secondDone;
    }
  });
});
