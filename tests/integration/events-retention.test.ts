/**
 * Events retention (issue 13 item 7): events older than EVENT_RETENTION_DAYS
 * go in bounded batches with their deliveries (attempts by the foreign key),
 * never past a consumer's cursor or a delivery still to send; the worker's
 * retention side task does it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { pruneEvents } from '../../server/runs/prune-events';
import { createEndpoint } from '../../server/webhooks/create-endpoint';
import type { CronboardWorker } from '../../worker/worker';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, testConfig } from './helpers/worker-harness';

const provider = testProvider();
const DAY = 86_400_000;

describe(`events retention on ${provider}`, () => {
  const t = useTestDatabase();
  let worker: CronboardWorker | null = null;

  beforeEach(async () => {
    await t.db.alertRule.deleteMany();
    await t.db.webhookEndpoint.deleteMany();
    // The cursors, and the fleet's last-retention marker (another test's worker may have just pruned).
    await t.db.setting.deleteMany({ where: { key: { in: ['webhooks.cursor', 'alerts.cursor', 'maintenance.retention'] } } });
    await t.reset(['event']);
  });
  afterEach(async () => {
    await worker?.stop('test over', 1000);
    worker = null;
  });

  /** `n` events of `daysAgo` days ago; their ids. */
  const events = async (n: number, daysAgo: number) => {
    const at = new Date(Date.now() - daysAgo * DAY);
    await t.db.event.createMany({ data: Array.from({ length: n }, () => ({ type: 'task.created', actorType: 'system', actorName: 'test', at, payload: {} })) });
    return (await t.db.event.findMany({ where: { at }, orderBy: { id: 'asc' }, select: { id: true } })).map((e) => e.id);
  };
  const setCursor = (after: number) => t.db.setting.update({ where: { key: 'webhooks.cursor' }, data: { value: { after } } });

  it('prunes old events in batches with their deliveries, never past the webhook cursor or a delivery still to send', async () => {
    const { endpoint } = await createEndpoint({ db: t.db, input: { url: 'https://hooks.example.com/in', events: ['*'] }, actor: SYSTEM_ACTOR, secretKey: null, allowPrivate: false });
    const old = await events(30, 100);
    const fresh = await events(5, 1);
    // The fan-out has read up to the 20th old event; a delivery of the 5th was sent, one of the 25th is still pending.
    await setCursor(old[19]!);
    const sent = await t.db.webhookDelivery.create({ data: { endpointId: endpoint.id, eventId: old[4]!, eventType: 'task.created', status: 'succeeded' } });
    await t.db.webhookAttempt.create({ data: { deliveryId: sent.id, outcome: 'succeeded', statusCode: 200, durationMs: 3 } });
    const pending = await t.db.webhookDelivery.create({ data: { endpointId: endpoint.id, eventId: old[24]!, eventType: 'task.created', status: 'pending' } });

    const first = await pruneEvents({ db: t.db, retentionDays: 90, batchSize: 7 });
    expect(first).toMatchObject({ events: 20, deliveries: 1, bound: old[19] });
    expect(first.batches).toBeGreaterThanOrEqual(3);
    expect(await t.db.event.count({ where: { id: { in: old } } })).toBe(10);
    expect(await t.db.webhookAttempt.count({ where: { deliveryId: sent.id } })).toBe(0);

    // The cursor catches up: the pending delivery now holds the prune back, below its event.
    await setCursor(fresh.at(-1)!);
    expect(await pruneEvents({ db: t.db, retentionDays: 90 })).toMatchObject({ events: 4, bound: old[24]! - 1 });
    await t.db.webhookDelivery.update({ where: { id: pending.id }, data: { status: 'failed' } });
    expect(await pruneEvents({ db: t.db, retentionDays: 90 })).toMatchObject({ events: 6, deliveries: 1 });
    expect(await t.db.event.count({ where: { id: { in: old } } })).toBe(0);
    expect(await t.db.event.count({ where: { id: { in: fresh } } })).toBe(5);
  });

  it('a cursor whose consumer has nothing to do does not hold events forever; the worker prunes them beside its loop', async () => {
    const { endpoint } = await createEndpoint({ db: t.db, input: { url: 'https://hooks.example.com/in', events: ['*'] }, actor: SYSTEM_ACTOR, secretKey: null, allowPrivate: false });
    const old = await events(12, 40);
    await setCursor(0);
    expect((await pruneEvents({ db: t.db, retentionDays: 30 })).events).toBe(0);
    // The endpoint is removed: nothing reads past the cursor any more, and nothing needs to.
    await t.db.webhookEndpoint.delete({ where: { id: endpoint.id } });
    worker = inProcessWorker(t.db, testConfig(t.url, { eventRetentionDays: 30 }), { retention: { checkMs: 200, batchSize: 5 } });
    await worker.start();
    await waitFor(async () => (await t.db.event.count({ where: { id: { in: old } } })) === 0, 15_000, 'the worker to prune the old events');
  });
});
