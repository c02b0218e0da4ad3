// Benchmark (not a test): the worker loop on SQLite and PostgreSQL, and with
// --compare graphile-worker and pg-boss on the same PostgreSQL, each in forked
// processes (bench/, its own package). `--help` lists
// the flags and workloads. One file per workload in scripts/bench-worker/
// (drain, shell, latency, priority; the peers in peers/), shared setup in
// ours.ts, options.ts and stats.ts; the closing table in report.ts.
import { oursDrain } from './bench-worker/drain';
import { oursHerd } from './bench-worker/herd';
import { oursIdle } from './bench-worker/idle';
import { oursLatency } from './bench-worker/latency';
import { COMPARE, HELP, ONLY, PG_ADMIN_URL, PROVIDERS, REPEATS, USAGE } from './bench-worker/options';
import { setupOurs } from './bench-worker/ours';
import { forkedPeer, PEERS } from './bench-worker/peers/forked';
import type { Peer } from './bench-worker/peers/peer';
import { oursPriority } from './bench-worker/priority';
import { report } from './bench-worker/report';
import { baselines, oursShell } from './bench-worker/shell';
import { createPgDatabase, dropPgDatabase } from './lib/scratch-database';

async function main() {
  const pgDb = PROVIDERS.includes('postgresql') ? await createPgDatabase(PG_ADMIN_URL, 'cronboard_bench') : null;
  const dropPg = () => (pgDb ? dropPgDatabase(PG_ADMIN_URL, pgDb.name) : Promise.resolve());
  const cleanups: (() => Promise<void>)[] = [];
  const stopping = () => {
    console.error('interrupted: cleaning up');
    void Promise.allSettled(cleanups.map((c) => c()))
      .then(() => dropPg().catch(() => undefined))
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', stopping);
  process.once('SIGTERM', stopping);
  process.once('SIGHUP', stopping);
  try {
    for (const provider of PROVIDERS) {
      const scope = provider;
      console.error(`== ${provider}`);
      const ours = await setupOurs(provider, pgDb?.url);
      cleanups.push(() => ours.drop());
      const peers: Peer[] = [];
      if (COMPARE && provider === 'postgresql') {
        for (const spec of PEERS) {
          const peer = await forkedPeer(spec, pgDb!.url);
          peers.push(peer);
          cleanups.push(() => peer.close());
        }
      }
      for (let r = 0; r < REPEATS; r++) {
        // Alternating: each workload runs ours and each peer within the same repeat; the
        // drain's order rotates by repeat (A B C, B C A, …).
        if (ONLY.has('drain')) {
          const order = [(rr: number) => oursDrain(ours, rr, scope), ...peers.map((p) => (rr: number) => p.drain(rr, scope))];
          for (let i = 0; i < order.length; i++) await order[(i + r) % order.length]!(r);
        }
        if (ONLY.has('shell')) {
          await baselines(r, scope);
          await oursShell(ours, r, scope);
          for (const p of peers) await p.shell(r, scope);
        }
        if (ONLY.has('latency')) {
          await oursLatency(ours, r, scope);
          for (const p of peers) await p.latency(r, scope);
        }
        if (ONLY.has('priority')) {
          await oursPriority(ours, r, scope);
          for (const p of peers) await p.priority(r, scope);
        }
        if (ONLY.has('idle')) await oursIdle(ours, r, scope);
        if (ONLY.has('herd')) await oursHerd(ours, r, scope);
      }
      for (const c of cleanups.splice(0).reverse()) await c();
    }
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await dropPg().catch((err: unknown) => console.error('could not drop the bench database:', err));
  }
  report();
}

if (HELP) {
  console.log(USAGE);
  process.exit(0);
}
main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
