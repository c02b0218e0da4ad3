// The IPC side every peer process shares. The benchmark forks a peer script
// twice: as `producer` (adds jobs, counts what is left; stays up for the whole
// run) and as `worker` (only a worker, as a deployment runs it; one per
// workload). Messages: {id, op, ...} -> {id, result} | {id, error}.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What the worker's handlers do, by kind; `seen` is what the workloads read back. */
export function handlers(seen) {
  let calls = 0;
  const count = () => {
    // The benchmark's clock starts at the first run (process start-up is reported apart).
    if (calls++ === 0) process.send({ first: Date.now() });
  };
  return {
    calls: () => calls,
    noop: async () => {
      count();
    },
    sh: async () => {
      count();
      await execFileP('/bin/sh', ['-c', '/bin/true']);
    },
    stamp: async (payload) => {
      count();
      seen.push([payload.id, Date.now() - payload.t]);
    },
    prio: async (payload) => {
      count();
      seen.push([payload.id, Date.now()]);
      await sleep(payload.ms);
    },
  };
}

/**
 * `producer(url)` -> { ops: {name: async (msg) => result}, close }.
 * `worker(url, settings, h)` -> { stop }: starts the worker; `h` are the handlers.
 */
export async function runPeer({ producer, worker }) {
  const [role, json] = process.argv.slice(2);
  const url = process.env.BENCH_PEER_URL;
  if (!process.send || !url) throw new Error('a peer runs forked by the benchmark, with BENCH_PEER_URL set');
  const reply = (id, result) => process.send({ id, result });
  if (role === 'producer') {
    const p = await producer(url);
    process.on('message', (msg) => {
      const op = msg.op === 'close' ? p.close : p.ops[msg.op];
      Promise.resolve(op(msg)).then(
        (result) => {
          reply(msg.id, result ?? null);
          if (msg.op === 'close') process.exit(0);
        },
        (err) => process.send({ id: msg.id, error: String(err?.stack ?? err) }),
      );
    });
  } else {
    const seen = [];
    const h = handlers(seen);
    const w = await worker(url, JSON.parse(json ?? '{}'), h);
    process.on('message', (msg) => {
      if (msg.op === 'report') reply(msg.id, { calls: h.calls(), seen: seen.splice(0) });
      if (msg.op === 'stop')
        void w.stop().then(() => {
          reply(msg.id, { calls: h.calls(), seen: seen.splice(0) });
          process.exit(0);
        });
    });
  }
  process.send({ ready: true, pid: process.pid });
}
