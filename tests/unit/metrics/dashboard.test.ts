// The shipped Grafana dashboard queries only series that Cronboard exports,
// under the names and types the processes register.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../server/db';
import { createMetricsRegistry } from '../../../server/metrics/registry';
import { WorkerMetrics } from '../../../server/metrics/worker-metrics';

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

describe('docs/grafana-dashboard.json', () => {
  it('names only exported series', async () => {
    // The database is only read at scrape time, which this test never does.
    const registry = createMetricsRegistry({ db: {} as Db, leaseSeconds: 30, process: 'worker' });
    new WorkerMetrics({ registry, slots: () => ({ busy: 0, concurrency: 1 }) });
    const metrics = await registry.getMetricsAsJSON();
    const exported = new Set<string>();
    for (const m of metrics) {
      exported.add(m.name);
      if (String(m.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exported.add(m.name + suffix);
    }
    const dashboard = JSON.parse(readFileSync(join(process.cwd(), 'docs/grafana-dashboard.json'), 'utf8')) as Dashboard;
    const used = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/\b(cronboard|nodejs|process)_[a-z0-9_]+/g) ?? []));
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });
});
