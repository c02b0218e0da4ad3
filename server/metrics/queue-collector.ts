import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../db';
import { priorityName, PRIORITIES } from '../tasks/constants';

const ACTIVE_STATUSES = ['queued', 'running'] as const;
const WORKER_STATES = ['active', 'draining'] as const;
/** Deliveries waiting to be sent (or retried), and those given up on. */
const DELIVERY_STATES = ['pending', 'failed'] as const;

export interface QueueCollectorOptions {
  db: Db;
  /** A worker whose heartbeat is older than this counts as gone (LEASE_SECONDS). */
  leaseSeconds: number;
  registry: Registry;
}

interface Sample {
  ok: boolean;
  runs: Map<string, number>;
  workers: Map<string, number>;
  deliveries: Map<string, number>;
  openIncidents: number;
}

/**
 * Series read from the database at scrape time, the same value from every
 * process that serves them (aggregate with max, not sum): runs queued and
 * running by effective priority (one GROUP BY over the claim index
 * `(status, priority, availableAt, id)`: a few rows whatever the history
 * size), live workers by state, webhook deliveries pending and failed (a
 * GROUP BY over the `(status, nextAttemptAt)` index), open alert incidents
 * (openKey's unique index), and whether the database answered. The gauges
 * share one sample per scrape.
 */
export function registerQueueCollector({ db, leaseSeconds, registry }: QueueCollectorOptions): void {
  let inFlight: Promise<Sample> | null = null;
  const sample = (): Promise<Sample> => {
    inFlight ??= readSample(db, leaseSeconds).finally(() => {
      // Shared by the gauges of this scrape only; the next scrape reads again.
      setImmediate(() => (inFlight = null));
    });
    return inFlight;
  };
  new Gauge({
    name: 'cronboard_database_up',
    help: 'Whether this scrape could read the database (1) or not (0).',
    registers: [registry],
    async collect() {
      this.set((await sample()).ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'cronboard_runs',
    help: 'Runs queued or running now, by status and effective priority (from the database).',
    labelNames: ['status', 'priority'],
    registers: [registry],
    async collect() {
      const { runs } = await sample();
      // Every label pair is present (0 when empty): a drained queue reads 0, not "no data".
      for (const status of ACTIVE_STATUSES)
        for (const priority of PRIORITIES) this.set({ status, priority }, runs.get(`${status}/${priority}`) ?? 0);
    },
  });
  new Gauge({
    name: 'cronboard_workers',
    help: 'Workers with a heartbeat within LEASE_SECONDS, by state (from the database).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { workers } = await sample();
      for (const state of WORKER_STATES) this.set({ state }, workers.get(state) ?? 0);
    },
  });
  new Gauge({
    name: 'cronboard_webhook_deliveries',
    help: 'Webhook and alert-channel deliveries by state: pending (to send or retry) and failed (given up; from the database).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { deliveries } = await sample();
      for (const state of DELIVERY_STATES) this.set({ state }, deliveries.get(state) ?? 0);
    },
  });
  new Gauge({
    name: 'cronboard_alert_incidents_open',
    help: 'Alert incidents open now, acknowledged or not (from the database).',
    registers: [registry],
    async collect() {
      this.set((await sample()).openIncidents);
    },
  });
}

async function readSample(db: Db, leaseSeconds: number): Promise<Sample> {
  const runs = new Map<string, number>();
  const workers = new Map<string, number>();
  const deliveries = new Map<string, number>();
  try {
    const [runRows, workerRows, deliveryRows, openIncidents] = await Promise.all([
      db.run.groupBy({ by: ['status', 'priority'], where: { status: { in: [...ACTIVE_STATUSES] } }, _count: { _all: true } }),
      db.worker.groupBy({
        by: ['state'],
        where: { state: { in: [...WORKER_STATES] }, lastHeartbeatAt: { gte: new Date(Date.now() - leaseSeconds * 1000) } },
        _count: { _all: true },
      }),
      db.webhookDelivery.groupBy({ by: ['status'], where: { status: { in: [...DELIVERY_STATES] } }, _count: { _all: true } }),
      db.alertIncident.count({ where: { openKey: { not: null } } }),
    ]);
    for (const row of runRows) {
      const key = `${row.status}/${priorityName(row.priority)}`;
      runs.set(key, (runs.get(key) ?? 0) + row._count._all);
    }
    for (const row of workerRows) workers.set(row.state, row._count._all);
    for (const row of deliveryRows) deliveries.set(row.status, row._count._all);
    return { ok: true, runs, workers, deliveries, openIncidents };
  } catch {
    return { ok: false, runs, workers, deliveries, openIncidents: 0 };
  }
}
