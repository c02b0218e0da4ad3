// Benchmark (not a test): does webhook delivery slow runs down? The no-op drain
// rate (N handler runs queued up front, runs/s until all are finished) with no
// webhook endpoint, and with 3 endpoints subscribed to `run.*` on a local
// receiver, alternating (A B A B …), on a fresh database per repeat. The
// worker's own webhook sender sends (a side task, as in production); with
// endpoints it also prints when the last delivery arrived and the largest lag
// (receipt − event time) seen. Runs from another checkout too (copy it there)
// for a before/after comparison.
//
//   npx tsx scripts/bench-webhooks.ts [--provider sqlite|postgresql] [--runs N] [--repeats R] [--catch-up-seconds S]
//
// PostgreSQL needs TEST_DATABASE_URL_POSTGRES (its database is emptied per repeat).
// Prints each repeat and the medians with min–max; record /proc/loadavg beside them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR } from '../server/auth/actor';
import { loadConfig, type Config } from '../server/config';
import { migrateDatabase, openDatabase } from '../server/db';
import { createLogger } from '../server/lib/logger';
import { queueRuns } from '../server/queue/queue-runs';
import { createTask } from '../server/tasks/create-task';
import { createEndpoint } from '../server/webhooks/create-endpoint';
import { CronboardWorker } from '../worker/worker';

const { values: args } = parseArgs({ options: { provider: { type: 'string', default: 'sqlite' }, runs: { type: 'string', default: '1000' }, repeats: { type: 'string', default: '3' }, 'catch-up-seconds': { type: 'string', default: '120' } } });
/** How long after the drain to wait for the last delivery before giving up on it (the next repeat's fresh database drops it). */
const CATCH_UP_S = Number(args['catch-up-seconds']);
const RUNS = Number(args.runs);
const REPEATS = Number(args.repeats);
const logger = createLogger({ name: 'bench-webhooks', level: 'silent' });
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function freshUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (args.provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cronboard-bench-webhooks-'));
    return { url: `file:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const url = process.env.TEST_DATABASE_URL_POSTGRES;
  if (!url) throw new Error('--provider postgresql needs TEST_DATABASE_URL_POSTGRES');
  const handle = await openDatabase(url);
  await handle.db.$executeRawUnsafe('DROP SCHEMA IF EXISTS public CASCADE');
  await handle.db.$executeRawUnsafe('CREATE SCHEMA public');
  await handle.close();
  return { url, drop: async () => undefined };
}

/** What the receiver saw: requests, and the newest delivery lag (receipt − the event's timestamp). */
const seen = { received: 0, maxLagMs: 0 };

async function drainOnce(endpoints: number, receiverUrl: string): Promise<{ rate: number; cpuMsPerRun: number; deliveries: number; catchUpS: number; maxLagS: number; unsent: number }> {
  const store = await freshUrl();
  await migrateDatabase({ url: store.url });
  const handle = await openDatabase(store.url);
  const db = handle.db;
  const config: Config = { ...loadConfig({ env: { DATABASE_URL: store.url, CRONBOARD_DEMO: 'false' } }), webhookAllowPrivate: true };
  await createTask({ db, input: { key: 'noop', name: 'noop', kind: 'handler', handler: 'noop', schedule: 'manual', overlap: 'allow', maxInstances: 1000 } as never, actor: SYSTEM_ACTOR, source: 'cli', defaultTimezone: 'UTC' });
  for (let i = 0; i < endpoints; i++) await createEndpoint({ db, input: { url: receiverUrl, events: ['run.*'] }, actor: SYSTEM_ACTOR, secretKey: null, allowPrivate: true });
  for (let left = RUNS; left > 0; left -= 1000) await queueRuns({ db, task: { key: 'noop' }, trigger: 'manual', times: Math.min(1000, left), actor: SYSTEM_ACTOR });
  // The worker's own webhook sender (a side task, as in production), with or without endpoints.
  const worker = new CronboardWorker({ db, config, logger, alerts: false });
  seen.received = 0;
  seen.maxLagMs = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await worker.start();
  while ((await db.run.count({ where: { status: { in: ['queued', 'running'] } } })) > 0) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuMsPerRun = (used.user + used.system) / 1000 / RUNS;
  // Then every delivery (at most CATCH_UP_S more): one per endpoint and run.* event (each run's queued, started and succeeded).
  const expected = endpoints * (await db.event.count({ where: { type: { startsWith: 'run.' } } }));
  while (seen.received < expected && performance.now() - started < (seconds + CATCH_UP_S) * 1000) await new Promise((r) => setTimeout(r, 50));
  const catchUpS = (performance.now() - started) / 1000;
  const unsent = expected - seen.received;
  const deliveries = await db.webhookDelivery.count();
  await worker.stop('bench over', 5000);
  await handle.close();
  await store.drop();
  return { rate: RUNS / seconds, cpuMsPerRun, deliveries, catchUpS, maxLagS: seen.maxLagMs / 1000, unsent };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function main() {
  let received = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received += 1;
      seen.received += 1;
      const at = Date.parse((JSON.parse(body) as { timestamp: string }).timestamp);
      seen.maxLagMs = Math.max(seen.maxLagMs, Date.now() - at);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const rates: Record<'none' | 'three', number[]> = { none: [], three: [] };
  console.log(`no-op drain, ${RUNS} runs, ${args.provider}, ${REPEATS} repeats alternating; load before: ${load()}`);
  for (let r = 0; r < REPEATS; r++) {
    // Alternate which goes first in each repeat.
    for (const kind of r % 2 === 0 ? (['none', 'three'] as const) : (['three', 'none'] as const)) {
      const result = await drainOnce(kind === 'none' ? 0 : 3, url);
      rates[kind].push(result.rate);
      const sent =
        kind === 'none' ? '' : `, ${result.unsent > 0 ? `${result.unsent} still unsent` : 'all sent'} after ${result.catchUpS.toFixed(1)} s, lag up to ${result.maxLagS.toFixed(1)} s`;
      console.log(`repeat ${r + 1} ${kind === 'none' ? 'no endpoint  ' : '3 endpoints  '} ${result.rate.toFixed(1)} runs/s  ${result.cpuMsPerRun.toFixed(2)} CPU ms/run (this process, during the drain)  deliveries made ${result.deliveries}${sent}  load ${load()}`);
    }
  }
  for (const kind of ['none', 'three'] as const) {
    const v = rates[kind];
    console.log(`${kind === 'none' ? 'no endpoint' : '3 endpoints on run.*'}: median ${median(v).toFixed(1)} runs/s (min ${Math.min(...v).toFixed(1)} – max ${Math.max(...v).toFixed(1)})`);
  }
  console.log(`ratio of medians: ${((median(rates.three) / median(rates.none)) * 100).toFixed(0)} %; requests received ${received}; load after: ${load()}`);
  server.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
