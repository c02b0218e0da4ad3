// What every benchmark script shares: its --flags, the machine's load average
// (printed beside every figure), percentiles, and starting/stopping the app it
// measures. One copy here; the scripts keep only their workloads.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `--name VALUE` from the command line, else `fallback`. */
export function arg(name: string, fallback: string): string;
export function arg(name: string, fallback?: string): string | undefined;
export function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** `--url`, else DATABASE_URL; exits 2 with `hint` when neither is given. */
export function databaseUrlArg(script: string, hint: string): string {
  const url = arg('url', process.env.DATABASE_URL);
  if (!url) {
    console.error(`${script}: give --url (${hint})`);
    process.exit(2);
  }
  return url;
}

/** The 1, 5 and 15 minute load averages, e.g. "3.41 2.90 2.10". */
export const loadAverage = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** The p-th percentile (0–100, nearest rank) of `values`; NaN when empty. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `base`/api/health answers 200 (an app process just started), at most two minutes. */
export async function waitForHealth(child: ChildProcess, base: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  child.kill('SIGTERM');
  throw new Error('the app did not answer /api/health within 120 s');
}

/** SIGTERM, then SIGKILL after `graceMs` if it is still there. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(graceMs)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * The `bench/` package: benchmark-only dependencies (pg-boss, graphile-worker)
 * with their own lockfile, kept out of the project's `npm install` (they ask
 * for Node 22 and would warn EBADENGINE there). Installed here on first use.
 */
export function benchPackageDir(): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench');
  if (!existsSync(join(dir, 'node_modules'))) {
    console.error('bench: installing the benchmark-only dependencies (npm install --prefix bench; once)');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`npm install --prefix bench failed (exit ${r.status})`);
  }
  return dir;
}
