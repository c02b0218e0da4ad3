// One forked peer process (bench/peers/*.mjs, see child.mjs there): plain
// `node`, no tsx, its own connections, as a deployment runs it. `call` sends
// one operation over IPC and resolves with its answer.
import { fork, type ChildProcess } from 'node:child_process';
import { benchPackageDir } from '../../lib/bench-kit';

type Msg = { id?: number; result?: unknown; error?: string; ready?: boolean; first?: number };

export interface PeerProcess {
  child: ChildProcess;
  pid: number;
  spawnedAt: number;
  /** When its first run started (undefined until then). */
  first(): number | undefined;
  call<T = unknown>(op: string, args?: object): Promise<T>;
  /** Asks it to stop (gracefully) and waits for the exit; resolves with its last report. */
  stop(): Promise<Report>;
}
export interface Report {
  calls: number;
  seen: [string, number][];
}

export async function forkPeer(script: string, url: string, role: 'producer' | 'worker', settings: object = {}): Promise<PeerProcess> {
  const spawnedAt = Date.now();
  const child = fork(`${benchPackageDir()}/peers/${script}`, [role, JSON.stringify(settings)], {
    execArgv: [],
    env: { ...process.env, BENCH_PEER_URL: url },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let seq = 0;
  let first: number | undefined;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`peer ${script} ${role} exited with ${code} before it was ready`)));
    child.on('message', (m: Msg) => {
      if (m.ready) resolve();
      if (m.first !== undefined) first = m.first;
      if (m.id === undefined) return;
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new Error(`peer ${script}: ${m.error}`));
      else p?.resolve(m.result);
    });
  });
  const call = <T>(op: string, args: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, ...args });
    });
  await ready;
  return {
    child,
    pid: child.pid!,
    spawnedAt,
    first: () => first,
    call,
    async stop() {
      const report = await call<Report>(role === 'producer' ? 'close' : 'stop');
      await exited;
      return report;
    },
  };
}
