// Small helpers shared by every workload: time, waiting, quantiles, the priority backlog.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { INVERSION_SLACK_MS, N } from './options';

export const execFileP = promisify(execFile);
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const now = () => Date.now();

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[idx]!;
}

/** p50, p95, p99 of `values`. */
export const percentiles = (values: number[]) => [0.5, 0.95, 0.99].map((q) => quantile(values, q));

export const median = (values: number[]) => {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const fmt = (x: number, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (now() >= deadline) return false;
    await sleep(everyMs);
  }
}

/** Runs `n` calls of `fn` with at most `concurrency` at a time. */
export async function pool(n: number, concurrency: number, fn: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        await fn();
      }
    }),
  );
}

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** The mixed backlog of the priority workload: same for every system. */
export function priorityBacklog(t0: number): { prio: number; dueAt: number }[] {
  const rand = lcg(7);
  return Array.from({ length: N.priority }, () => ({
    prio: Math.floor(rand() * 4),
    dueAt: rand() < 0.5 ? t0 - 1000 : t0 + Math.floor(rand() * N.prioritySpreadMs),
  }));
}

export interface Started {
  prio: number;
  dueAt: number;
  startedAt: number;
}

export function countInversions(runs: Started[]): { total: number; distant: number } {
  let total = 0;
  let distant = 0;
  for (const a of runs) {
    for (const b of runs) {
      if (a.startedAt < b.startedAt && a.prio < b.prio && b.dueAt + INVERSION_SLACK_MS <= a.startedAt) {
        total++;
        if (b.prio - a.prio >= 2) distant++;
      }
    }
  }
  return { total, distant };
}
