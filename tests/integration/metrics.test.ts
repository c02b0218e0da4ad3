// Prometheus metrics against real processes: a worker (its own process, with
// METRICS_PORT) runs real shell runs, then its /metrics is parsed with a
// strict Prometheus text-format reader and checked for names, types, labels and
// counts; /healthz answers; the web app's /api/metrics is off without
// METRICS_TOKEN and answers the token or an admin only.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { createApiToken } from '../../server/auth/api-tokens';
import { resetConfigForTests } from '../../server/config';
import { queueRuns } from '../../server/queue/queue-runs';
import { createUser } from '../../server/users/create-user';
import { createEndpoint } from '../../server/webhooks/create-endpoint';
import { makeTask } from './helpers/worker-harness';
import { family, parsePrometheusText, valueOf, type Family } from './helpers/prometheus-text';
import { cleanEnv, finished, TSX, waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { webhookReceiver } from './helpers/webhook-receiver';

const provider = testProvider();
const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';
const PASSWORD = 'correct horse battery';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe(`Prometheus metrics on ${provider}`, () => {
  const t = useTestDatabase({ app: true, env: { METRICS_TOKEN } });
  let worker: ChildProcess | undefined;
  let port = 0;
  let families: Family[] = [];
  const receivers: Awaited<ReturnType<typeof webhookReceiver>>[] = [];

  beforeAll(async () => {
    await makeTask(t.db, { key: 'metrics-ok', command: 'true' });
    await makeTask(t.db, { key: 'metrics-bad', command: 'exit 3', maxRetries: 1, retryDelaySeconds: 0 });
    // Queued for an hour from now: the database gauge must show it.
    await makeTask(t.db, { key: 'metrics-later', command: 'true', priority: 'urgent' });
    await queueRuns({ db: t.db, task: { key: 'metrics-later' }, trigger: 'manual', actor: SYSTEM_ACTOR, availableAt: new Date(Date.now() + 3_600_000) });
    // Two endpoints hear every run.failed: one answers 200, one 410 (failed at once, no retry).
    for (const status of [200, 410]) {
      const receiver = await webhookReceiver(() => ({ status }));
      receivers.push(receiver);
      await createEndpoint({ db: t.db, input: { url: receiver.url, events: ['run.failed'] }, actor: SYSTEM_ACTOR, secretKey: null, allowPrivate: true });
    }
    port = await freePort();
    worker = spawn(TSX, [join(process.cwd(), 'worker/main.ts')], {
      env: cleanEnv({ DATABASE_URL: t.url, CRONBOARD_DEMO: 'false', POLL_INTERVAL_MS: '200', LEASE_SECONDS: '6', METRICS_PORT: String(port), LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE: 'true' }),
    });
    await waitFor(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok), 30_000, 'the worker metrics port');
    await queueRuns({ db: t.db, task: { key: 'metrics-ok' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    await queueRuns({ db: t.db, task: { key: 'metrics-bad' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    // Three runs end: ok, bad (failed, retried), its retry (failed, no retries left).
    families = await waitFor(
      async () => {
        const parsed = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
        const ends = family(parsed, 'cronboard_runs_finished_total').samples.reduce((n, m) => n + m.value, 0);
        return ends >= 3 ? parsed : undefined;
      },
      30_000,
      'three finished runs in the metrics',
    );
  }, 90_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const done = finished(worker);
      worker.kill('SIGTERM');
      await done;
    }
    delete (globalThis as { __cronboardMetrics?: unknown }).__cronboardMetrics;
    await Promise.all(receivers.map((r) => r.close()));
  });

  it("the worker's series have Prometheus names, types and few labels", () => {
    const ours = families.filter((f) => f.name.startsWith('cronboard_'));
    const types = Object.fromEntries(ours.map((f) => [f.name, f.type]));
    expect(types).toMatchObject({
      cronboard_runs: 'gauge',
      cronboard_workers: 'gauge',
      cronboard_database_up: 'gauge',
      cronboard_run_claim_latency_seconds: 'histogram',
      cronboard_run_duration_seconds: 'histogram',
      cronboard_runs_finished_total: 'counter',
      cronboard_run_retries_total: 'counter',
      cronboard_leases_reaped_total: 'counter',
      cronboard_worker_pass_duration_seconds: 'histogram',
      cronboard_worker_pass_errors_total: 'counter',
      cronboard_worker_runs_in_hand: 'gauge',
      cronboard_worker_concurrency: 'gauge',
      cronboard_webhook_deliveries: 'gauge',
      cronboard_alert_incidents_open: 'gauge',
      cronboard_webhook_delivery_attempts_total: 'counter',
    });
    for (const f of ours) {
      // Counters end in _total, histograms are in seconds, and no series names a task by default.
      if (f.type === 'counter') expect(f.name).toMatch(/_total$/);
      if (f.type === 'histogram') expect(f.name).toMatch(/_seconds$/);
      expect(f.help.length, f.name).toBeGreaterThan(10);
      expect(f.samples.length, f.name).toBeGreaterThan(0);
      for (const m of f.samples) {
        expect(Object.keys(m.labels), f.name).not.toContain('task');
        expect(m.labels.process, f.name).toBe('worker');
      }
    }
    // Event-loop lag under Node's standard name.
    expect(family(families, 'nodejs_eventloop_lag_seconds').type).toBe('gauge');
  });

  it('counts what the runs did: finishes by status, a retry, claim latencies and durations by kind', () => {
    const ends = family(families, 'cronboard_runs_finished_total');
    expect(valueOf(ends, { kind: 'shell', status: 'succeeded' })).toBe(1);
    expect(valueOf(ends, { kind: 'shell', status: 'failed' })).toBe(2);
    expect(valueOf(ends, { kind: 'http', status: 'failed' })).toBe(0);
    expect(valueOf(family(families, 'cronboard_run_retries_total'), { kind: 'shell' })).toBe(1);
    expect(valueOf(family(families, 'cronboard_leases_reaped_total'))).toBe(0);

    const claims = family(families, 'cronboard_run_claim_latency_seconds');
    expect(valueOf(claims, { kind: 'shell' }, 'cronboard_run_claim_latency_seconds_count')).toBe(3);
    // Each run was claimable at once; the worker polls every 200 ms, so none waited 30 s.
    expect(valueOf(claims, { kind: 'shell', le: '30' }, 'cronboard_run_claim_latency_seconds_bucket')).toBe(3);
    const durations = family(families, 'cronboard_run_duration_seconds');
    expect(valueOf(durations, { kind: 'shell' }, 'cronboard_run_duration_seconds_count')).toBe(3);
    expect(valueOf(durations, { kind: 'shell' }, 'cronboard_run_duration_seconds_sum')).toBeGreaterThan(0);
    expect(valueOf(family(families, 'cronboard_worker_pass_duration_seconds'), {}, 'cronboard_worker_pass_duration_seconds_count')).toBeGreaterThan(0);
    expect(valueOf(family(families, 'cronboard_worker_concurrency'))).toBe(4);
  });

  it('reads the queue from the database: the run queued for later, by priority; one active worker', () => {
    const runs = family(families, 'cronboard_runs');
    expect(valueOf(runs, { status: 'queued', priority: 'urgent' })).toBe(1);
    expect(valueOf(runs, { status: 'queued', priority: 'low' })).toBe(0);
    expect(runs.samples).toHaveLength(8); // 2 statuses × 4 priorities, zeros included
    expect(valueOf(family(families, 'cronboard_workers'), { state: 'active' })).toBe(1);
    expect(valueOf(family(families, 'cronboard_database_up'))).toBe(1);
  });

  it('/healthz says the loop is passing; other paths are 404', async () => {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
  });

  it('/api/metrics answers METRICS_TOKEN or an admin, and no one else', async () => {
    const { GET } = await import('../../app/api/metrics/route');
    const get = (bearer?: string) =>
      GET(new Request('http://localhost/api/metrics', { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} }));
    await createUser({ db: t.db, email: 'admin@metrics.test', password: PASSWORD, role: 'admin', actor: SYSTEM_ACTOR });
    await createUser({ db: t.db, email: 'op@metrics.test', password: PASSWORD, role: 'operator', actor: SYSTEM_ACTOR });
    const admin = (await createApiToken({ db: t.db, email: 'admin@metrics.test', name: 'prometheus', actor: SYSTEM_ACTOR })).token;
    const operator = (await createApiToken({ db: t.db, email: 'op@metrics.test', name: 'op', actor: SYSTEM_ACTOR })).token;

    expect((await get()).status).toBe(401);
    expect((await get('not-the-token')).status).toBe(401);
    expect((await get(operator)).status).toBe(403);
    for (const bearer of [METRICS_TOKEN, admin]) {
      const response = await get(bearer);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const web = parsePrometheusText(await response.text());
      const runs = family(web, 'cronboard_runs');
      expect(runs.type).toBe('gauge');
      expect(valueOf(runs, { status: 'queued', priority: 'urgent', process: 'web' })).toBe(1);
      expect(family(web, 'process_cpu_seconds_total').type).toBe('counter');
    }
  });

  it("counts the worker sender's delivery attempts by outcome; the gauges read pending and failed deliveries and open incidents from the database", async () => {
    const failedRuns = await t.db.event.count({ where: { type: 'run.failed' } });
    expect(failedRuns).toBeGreaterThan(0);
    // Each run.failed reaches both endpoints once: 200 → succeeded, 410 → failed.
    const scraped = await waitFor(
      async () => {
        const parsed = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
        const attempts = family(parsed, 'cronboard_webhook_delivery_attempts_total');
        return (valueOf(attempts, { outcome: 'succeeded' }) ?? 0) + (valueOf(attempts, { outcome: 'failed' }) ?? 0) >= 2 * failedRuns ? parsed : undefined;
      },
      30_000,
      'the delivery attempts in the worker metrics',
    );
    const attempts = family(scraped, 'cronboard_webhook_delivery_attempts_total');
    expect(attempts.type).toBe('counter');
    expect(valueOf(attempts, { outcome: 'succeeded' })).toBe(failedRuns);
    expect(valueOf(attempts, { outcome: 'failed' })).toBe(failedRuns);
    expect(valueOf(attempts, { outcome: 'retry' })).toBe(0);
    expect(receivers.map((r) => r.ids().size)).toEqual([failedRuns, failedRuns]);

    // An open incident (a rule switched off, so nothing else judges or sends), and one delivery due later.
    const later = await t.db.task.findUniqueOrThrow({ where: { key: 'metrics-later' }, select: { id: true } });
    const rule = await t.db.alertRule.create({ data: { scope: 'global', kind: 'failures', channel: 'email', target: 'ops@example.com', enabled: false } });
    await t.db.alertIncident.create({ data: { ruleId: rule.id, taskId: later.id, taskKey: 'metrics-later', openKey: `${rule.id}:${later.id}`, reason: 'seeded', openedAt: new Date() } });
    const event = await t.db.event.findFirstOrThrow({ where: { type: 'run.failed' } });
    await t.db.webhookDelivery.create({ data: { channel: 'email', target: 'ops@example.com', alertRuleId: rule.id, eventId: event.id, eventType: event.type, nextAttemptAt: new Date(Date.now() + 3_600_000) } });

    const { GET } = await import('../../app/api/metrics/route');
    const web = parsePrometheusText(await (await GET(new Request('http://localhost/api/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }))).text());
    const deliveries = family(web, 'cronboard_webhook_deliveries');
    expect(deliveries.type).toBe('gauge');
    expect(valueOf(deliveries, { state: 'failed', process: 'web' })).toBe(failedRuns);
    expect(valueOf(deliveries, { state: 'pending', process: 'web' })).toBe(1);
    expect(valueOf(family(web, 'cronboard_alert_incidents_open'), { process: 'web' })).toBe(1);
  });

  it('/api/metrics is off (404) when METRICS_TOKEN is unset', async () => {
    delete process.env.METRICS_TOKEN;
    resetConfigForTests();
    delete (globalThis as { __cronboardStart?: unknown }).__cronboardStart;
    const { GET } = await import('../../app/api/metrics/route');
    const response = await GET(new Request('http://localhost/api/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'Metrics are off: set METRICS_TOKEN to serve /api/metrics.' });
  });
});
