// A peer queue (bench/peers/<script>) measured beside Cronboard: a producer
// process adds jobs; each workload forks a fresh worker process. The drain also
// reports start-up, worker and PostgreSQL CPU per 1,000 runs and RSS idle/peak.
import { CONCURRENCY, MAX_SECONDS, N } from '../options';
import { backendMeter, idleRssMiB, meterDrain } from '../proc';
import { record } from '../results';
import { countInversions, now, percentiles, priorityBacklog, sleep, waitFor } from '../stats';
import type { Peer } from './peer';
import { forkPeer } from './peer-process';

export interface PeerSpec {
  name: string;
  script: string;
  /** The worker process's settings for a workload of `kind` at `concurrency`. */
  settings: (kind: string, concurrency: number) => object;
  /** A variant measured on the no-op drain only. */
  drainOnly?: boolean;
}

export async function forkedPeer(spec: PeerSpec, url: string): Promise<Peer> {
  const producer = await forkPeer(spec.script, url, 'producer');
  const backends = await backendMeter(url);
  const left = (kind: string) => producer.call<number>('left', { kind });
  const worker = (kind: string, concurrency = CONCURRENCY) => forkPeer(spec.script, url, 'worker', spec.settings(kind, concurrency));

  async function drain(kind: string, n: number) {
    await producer.call('add', { kind, jobs: Array.from({ length: n }, () => ({})) });
    await backends.before();
    const w = await worker(kind);
    const m = await meterDrain({
      pid: w.pid,
      spawnedAt: w.spawnedAt,
      backends,
      started: async () => w.first() !== undefined,
      done: async () => (await left(kind)) === 0,
      left: () => left(kind),
      maxMs: MAX_SECONDS * 1000,
      n,
    });
    const { calls } = await w.stop();
    if (calls !== m.done) console.error(`  ! ${spec.name} ${kind}: ${calls} handler calls for ${m.done} jobs done`);
    await producer.call('clear', { kind });
    return m;
  }
  const skip = async () => undefined;
  return {
    name: spec.name,
    async drain(repeat, scope) {
      await producer.call('add', { kind: 'noop', jobs: [] }); // the queue exists (pg-boss) before its idle worker asks for it
      const idle = await worker('noop');
      const rssIdleMiB = await idleRssMiB(idle.pid, async () => true);
      await idle.stop();
      const m = await drain('noop', N.drain);
      record(scope, spec.name, repeat, {
        drainRate: m.rate,
        drainDone: m.done,
        drainPartial: m.partial,
        startupS: m.startupS,
        workerCpuPer1k: m.workerCpuPer1k,
        pgCpuPer1k: m.pgCpuPer1k,
        rssIdleMiB,
        rssPeakMiB: m.rssPeakMiB,
      });
    },
    shell: spec.drainOnly
      ? skip
      : async (repeat, scope) => {
          const m = await drain('sh', N.shell);
          record(scope, spec.name, repeat, { shellRate: m.rate, ...(m.partial ? { drainPartial: true } : {}) });
        },
    latency: spec.drainOnly
      ? skip
      : async (repeat, scope) => {
          await producer.call('add', { kind: 'stamp', jobs: [], notify: true });
          const w = await worker('stamp');
          await sleep(1500);
          for (let i = 0; i < N.latency; i++) {
            await producer.call('send', { kind: 'stamp', payload: { id: String(i), t: now() } });
            await sleep(N.latencyGapMs);
          }
          const lat: number[] = [];
          await waitFor(
            async () => {
              lat.push(...(await w.call<{ seen: [string, number][] }>('report')).seen.map(([, ms]) => ms));
              return lat.length >= N.latency;
            },
            30_000,
            50,
          );
          await w.stop();
          await producer.call('clear', { kind: 'stamp' });
          record(scope, spec.name, repeat, { latHandler: percentiles(lat) });
        },
    priority: spec.drainOnly
      ? skip
      : async (repeat, scope) => {
          const t0 = now() + 500;
          const backlog = priorityBacklog(t0);
          const jobs = backlog.map((b, i) => ({ payload: { id: String(i), ms: N.priorityWorkMs }, priority: b.prio, runAt: b.dueAt }));
          await producer.call('add', { kind: 'prio', jobs });
          await sleep(Math.max(0, t0 - now()));
          const w = await worker('prio', 1);
          await waitFor(async () => (await left('prio')) === 0, 120_000, 100);
          const { seen } = await w.stop();
          await producer.call('clear', { kind: 'prio' });
          const startedAt = new Map(seen);
          const inv = countInversions(backlog.map((b, i) => ({ ...b, startedAt: startedAt.get(String(i)) ?? Infinity })));
          record(scope, spec.name, repeat, { inversions: inv.total, distant: inv.distant });
        },
    async close() {
      await backends.close();
      await producer.stop();
    },
  };
}

/** The peers of --compare: pg-boss (batchSize 10, burst), graphile-worker with its defaults and two local queues. */
export const PEERS: PeerSpec[] = [
  { name: 'pg-boss', script: 'pg-boss.mjs', settings: (kind, concurrency) => ({ kind, concurrency }) },
  { name: 'graphile-worker', script: 'graphile-worker.mjs', settings: (_kind, concurrency) => ({ concurrency }) },
  {
    name: 'graphile-worker lq=c+1',
    script: 'graphile-worker.mjs',
    settings: (_kind, concurrency) => ({ concurrency, localQueueSize: concurrency + 1 }),
    drainOnly: true,
  },
  {
    name: 'graphile-worker lq=500',
    script: 'graphile-worker.mjs',
    settings: (_kind, concurrency) => ({ concurrency, localQueueSize: 500 }),
    drainOnly: true,
  },
];
