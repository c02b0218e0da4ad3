// What each workload measured, per scope (provider), system and repeat.
export interface Figures {
  drainRate?: number;
  drainDone?: number;
  drainPartial?: boolean;
  shellRate?: number;
  bareRate?: number;
  shRate?: number;
  latClaim?: number[]; // p50, p95, p99 (ms)
  latHandler?: number[];
  inversions?: number;
  distant?: number;
  failed?: number;
  idleCpuPct?: number; // % of one core over the idle window
  idleRssMiB?: number;
  tickMs?: number; // median schedule tick with every task idle
  tickAllS?: number; // one caller ticking every herd task (due at once) until none is due
  herdQueuedS?: number; // fire time → last herd run queued
  herdStartedS?: number; // fire time → last herd run started
  herdRuns?: number;
  herdDuplicates?: number; // runs beyond one per task and fire time
  herdUrgentMs?: number; // the urgent manual run's queued → started
  startupS?: number; // drain: worker process spawned → its first run started
  workerCpuPer1k?: number; // drain: the worker process's CPU s per 1,000 runs (/proc/PID/stat)
  pgCpuPer1k?: number; // drain: its PostgreSQL backends' CPU s per 1,000 runs
  rssIdleMiB?: number; // a worker process with nothing to do
  rssPeakMiB?: number; // highest RSS sampled during the drain
}
export type SystemName = string;
export const results = new Map<string, Map<SystemName, Figures[]>>(); // scope -> system -> per repeat

/** Keeps a workload's figures and prints them at once on stderr (the report goes to stdout at the end). */
export function record(scope: string, system: SystemName, repeat: number, f: Figures) {
  const bySystem = results.get(scope) ?? new Map<SystemName, Figures[]>();
  results.set(scope, bySystem);
  const list = bySystem.get(system) ?? [];
  bySystem.set(system, list);
  list[repeat] = { ...(list[repeat] ?? {}), ...f };
  const bits = Object.entries(f)
    .map(
      ([k, v]) =>
        `${k}=${Array.isArray(v) ? v.map((x: number) => x.toFixed(1)).join('/') : typeof v === 'number' ? v.toFixed(1) : String(v)}`,
    )
    .join(' ');
  console.error(`  [${scope}] #${repeat + 1} ${system}: ${bits}`);
}
