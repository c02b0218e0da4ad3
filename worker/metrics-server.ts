import { createServer, type Server } from 'node:http';
import type { Config } from '../server/config';
import type { Db } from '../server/db';
import type { Logger } from '../server/lib/logger';
import { createMetricsRegistry } from '../server/metrics/registry';
import { WorkerMetrics } from '../server/metrics/worker-metrics';

/** /healthz fails when the loop has not completed a good pass for this many poll intervals. */
export const HEALTHY_PASS_INTERVALS = 3;

export interface WorkerMetricsServer {
  metrics: WorkerMetrics;
  /** Starts listening on METRICS_PORT (resolves once bound). */
  listen(): Promise<void>;
  close(): Promise<void>;
}

export interface WorkerMetricsServerOptions {
  db: Db;
  config: Config;
  logger: Logger;
  port: number;
  /** Runs in hand and slots (the worker's). */
  slots: () => { busy: number; concurrency: number };
  /** Whether the worker is still meant to be running (starting, running or draining). */
  alive: () => boolean;
}

/**
 * A worker's optional METRICS_PORT: `GET /metrics` (Prometheus text format)
 * and `GET /healthz` (200 when the loop completed a pass with the database
 * answering within HEALTHY_PASS_INTERVALS poll intervals (at least 3 s), else 503 with the
 * reason), for a Prometheus scrape and a container or service-manager probe.
 * Nothing else is served. Bind it to loopback or a private network: it has no
 * authentication (the series carry no task data unless METRICS_TASK_LABEL).
 */
export function createWorkerMetricsServer(options: WorkerMetricsServerOptions): WorkerMetricsServer {
  const { config, logger } = options;
  const registry = createMetricsRegistry({ db: options.db, leaseSeconds: config.leaseSeconds, process: 'worker' });
  const metrics = new WorkerMetrics({ registry, taskLabel: config.metricsTaskLabel, slots: options.slots });
  const startedAt = Date.now();
  // At least 3 s: with a very short poll interval one slow pass under load must not fail the probe.
  const limitMs = Math.max(3000, HEALTHY_PASS_INTERVALS * config.pollIntervalMs);

  const health = (): { ok: boolean; body: Record<string, unknown> } => {
    const now = Date.now();
    const last = metrics.lastGoodPassAt;
    const ageMs = last > 0 ? now - last : null;
    if (!options.alive()) return { ok: false, body: { status: 'error', reason: 'the worker is stopping' } };
    if (ageMs !== null && ageMs <= limitMs) return { ok: true, body: { status: 'ok', lastPassMsAgo: ageMs } };
    // Give a just-started worker the same allowance before its first pass.
    if (ageMs === null && now - startedAt <= limitMs) return { ok: true, body: { status: 'ok', lastPassMsAgo: null } };
    return {
      ok: false,
      body: {
        status: 'error',
        lastPassMsAgo: ageMs,
        reason: `no worker loop pass with the database answering in the last ${limitMs} ms (${HEALTHY_PASS_INTERVALS} × POLL_INTERVAL_MS, at least 3 s)`,
      },
    };
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('GET only\n');
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: unknown) => {
          logger.warn({ err }, 'metrics scrape failed');
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed; see the worker log\n');
        },
      );
      return;
    }
    if (path === '/healthz') {
      const { ok, body } = health();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: this port serves /metrics and /healthz\n');
  });

  return {
    metrics,
    listen: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, () => {
          server.off('error', reject);
          logger.info({ port: options.port }, 'metrics on /metrics, liveness on /healthz');
          resolve();
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
