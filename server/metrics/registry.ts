import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Db } from '../db';
import { registerQueueCollector } from './queue-collector';

export interface MetricsRegistryOptions {
  db: Db;
  leaseSeconds: number;
  /** `process` label on every series: web or worker. */
  process: 'web' | 'worker';
}

/**
 * One Prometheus registry per process: Node's standard process and runtime
 * series under their usual names (`process_*`, `nodejs_*`, among them the
 * event-loop lag `nodejs_eventloop_lag_seconds` and its percentiles, so stock
 * Node.js dashboards work) and the database gauges (queue-collector.ts). A
 * worker adds its own instruments (worker-metrics.ts).
 */
export function createMetricsRegistry({ db, leaseSeconds, process }: MetricsRegistryOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ process });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  registerQueueCollector({ db, leaseSeconds, registry });
  return registry;
}
