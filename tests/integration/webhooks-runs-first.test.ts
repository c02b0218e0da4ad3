// Runs come first (issue 13 item 2): a worker's webhook sender holds fan-out
// and sends back while its worker has runs waiting, but no delivery waits
// longer than the bound; after the burst everything arrives, signed, once.
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import type { Config } from '../../server/config';
import { createLogger } from '../../server/lib/logger';
import { queueRuns } from '../../server/queue/queue-runs';
import { createEndpoint } from '../../server/webhooks/create-endpoint';
import { WebhookSender } from '../../server/webhooks/webhook-sender';
import type { CronboardWorker } from '../../worker/worker';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { webhookReceiver, type Received } from './helpers/webhook-receiver';
import { inProcessWorker, makeTask, testConfig } from './helpers/worker-harness';

const provider = testProvider();
const BOUND_MS = 2000;
const POLL_MS = 50;
/** Room for sending on a loaded machine (the claim, the POST, the finish; a PostgreSQL run at load 22 took 5.6 s past the bound). */
const SLACK_MS = 6000;

describe(`webhook deliveries beside a draining worker on ${provider}`, () => {
  const t = useTestDatabase();
  const stops: (() => Promise<void>)[] = [];
  let config: Config;

  beforeEach(async () => {
    config = testConfig(t.url, { webhookAllowPrivate: true, pollIntervalMs: 50 });
    // No endpoint, no cursor, no runs or events from the test before.
    await Promise.all([t.db.webhookEndpoint.deleteMany(), t.db.setting.deleteMany({ where: { key: 'webhooks.cursor' } })]);
    await t.reset();
  });
  // Last started, first stopped: the sender and the worker before the receiver.
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  const start = async (worker: CronboardWorker, runsWaiting?: () => boolean) => {
    await worker.start();
    stops.push(() => worker.stop('test over', 5000));
    const sender = new WebhookSender({ db: t.db, config, logger: createLogger({ name: 'runs-first', level: 'silent' }), pollMs: POLL_MS, runsWaiting, maxDeferMs: BOUND_MS });
    sender.start();
    stops.push(() => sender.stop());
  };
  const lagOf = (r: Received) => r.at - Date.parse((JSON.parse(r.body) as { timestamp: string }).timestamp);

  it('holds deliveries back during a burst for at most the bound, then delivers each one, signed, exactly once', async () => {
    const hook = await webhookReceiver();
    stops.push(hook.close);
    await makeTask(t.db, { key: 'burst', kind: 'handler', handler: 'sleep', command: undefined, payload: { ms: 150 }, overlap: 'allow', maxInstances: 10 });
    const { secret } = await createEndpoint({ db: t.db, input: { url: hook.url, events: ['run.succeeded'] }, actor: SYSTEM_ACTOR, secretKey: null, allowPrivate: true });
    // 50 runs of 150 ms on 2 slots: a drain of about 4 s, twice the bound.
    const queuedAt = Date.now();
    await queueRuns({ db: t.db, task: { key: 'burst' }, trigger: 'manual', times: 50, actor: SYSTEM_ACTOR });
    const worker = inProcessWorker(t.db, config, { concurrency: 2 });
    await start(worker, () => worker.runsWaiting);
    await waitFor(async () => (await t.db.run.count({ where: { status: { in: ['queued', 'running'] } } })) === 0, 60_000, 'the drain');
    const drainEnded = Date.now();
    // Received, and recorded (the last answer may still be on its way back).
    await waitFor(async () => (await t.db.webhookDelivery.count({ where: { status: 'succeeded' } })) >= 50, 60_000, 'every delivery');

    const duringDrain = hook.received.filter((r) => r.at < drainEnded);
    // It did hold back: the first delivery went out once the oldest webhook work was about the bound
    // old, not at once. That work may be an event older than the first run.succeeded (the burst's
    // run.queued and run.started events wait for the fan-out too), so the bound is counted from the
    // queueing (CI saw the first run.succeeded sent 1,948 ms after its own event).
    expect(duringDrain.length).toBeGreaterThan(0);
    expect(hook.received[0]!.at - queuedAt).toBeGreaterThanOrEqual(BOUND_MS - POLL_MS);
    // And never much past the bound while the runs were waiting.
    expect(Math.max(...duringDrain.map(lagOf))).toBeLessThanOrEqual(BOUND_MS + POLL_MS + SLACK_MS);

    // Afterwards every event arrived once, verified by its signature, in one successful attempt.
    const events = await t.db.event.findMany({ where: { type: 'run.succeeded' }, select: { id: true } });
    expect(events).toHaveLength(50);
    expect(hook.received).toHaveLength(50);
    expect(hook.ids().size).toBe(50);
    const wh = new Webhook(secret);
    for (const r of hook.received) {
      const headers = { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) };
      expect((wh.verify(r.body, headers) as { type: string }).type).toBe('run.succeeded');
    }
    const deliveries = await t.db.webhookDelivery.findMany({ include: { log: true } });
    expect(deliveries).toHaveLength(50);
    for (const d of deliveries) {
      expect(d).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(d.log.map((a) => a.outcome)).toEqual(['succeeded']);
    }

    // With no runs waiting the sender does not hold back: the next run's delivery is prompt.
    await queueRuns({ db: t.db, task: { key: 'burst' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    await waitFor(async () => hook.received.length >= 51, 20_000, 'the delivery after the burst');
    expect(lagOf(hook.received[50]!)).toBeLessThan(BOUND_MS - POLL_MS);
  });

  it('a sender without a worker beside it (the web process) never holds back', async () => {
    const hook = await webhookReceiver();
    stops.push(hook.close);
    await makeTask(t.db, { key: 'burst', kind: 'handler', handler: 'sleep', command: undefined, payload: { ms: 150 }, overlap: 'allow', maxInstances: 10 });
    await createEndpoint({ db: t.db, input: { url: hook.url, events: ['run.succeeded'] }, actor: SYSTEM_ACTOR, secretKey: null, allowPrivate: true });
    await queueRuns({ db: t.db, task: { key: 'burst' }, trigger: 'manual', times: 20, actor: SYSTEM_ACTOR });
    const worker = inProcessWorker(t.db, config, { concurrency: 2 });
    await start(worker);
    await waitFor(async () => hook.received.length >= 1, 20_000, 'the first delivery');
    // Sent while the burst still runs, and well inside the bound.
    expect(await t.db.run.count({ where: { status: { in: ['queued', 'running'] } } })).toBeGreaterThan(0);
    expect(lagOf(hook.received[0]!)).toBeLessThan(BOUND_MS - POLL_MS);
  });
});
