// bench:api --compare: the same scenario against two (or more) builds of the
// app side by side in one run, on one database with one worker: for each
// repeat, each build in turn (the order alternating between repeats) is
// started with `next start` from its own folder, warmed up and driven; then the
// median and min–max of requests/s, p99 and the web process's CPU ms per
// request. CPU per request is the figure a loaded machine distorts least.
//
//   npm run bench:api -- --compare before=/tmp/cronboard-before,after=. --repeats 3 --only sqlite
//   (each folder: a checkout with node_modules and a `next build` in .next)
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { loadAverage, percentile, stopChild, waitForHealth } from '../lib/bench-kit';
import { processTreeCpuMs } from '../lib/process-cpu';
import { drive, driveLine, type DriveResult } from './drive';

export interface Build {
  label: string;
  dir: string;
}

/** `before=/path,after=.` (a bare path is labelled by its position). */
export function parseBuilds(spec: string): Build[] {
  return spec.split(',').map((part, i) => {
    const eq = part.indexOf('=');
    return eq > 0 ? { label: part.slice(0, eq), dir: resolve(part.slice(eq + 1)) } : { label: `build ${i + 1}`, dir: resolve(part) };
  });
}

export interface Scenario {
  name: string;
  request: (base: string, i: number) => Promise<Response>;
}

interface Sample extends DriveResult {
  cpuMsPerRequest: number;
}

export async function compareBuilds(options: { builds: Build[]; scenarios: Scenario[]; repeats: number; clients: number; seconds: number; port: number; env: Record<string, string>; warmup: (base: string) => Promise<void> }): Promise<void> {
  const base = `http://127.0.0.1:${options.port}`;
  const samples = new Map<string, Sample[]>();
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    const order = repeat % 2 === 0 ? options.builds : [...options.builds].reverse();
    for (const build of order) {
      const app: ChildProcess = spawn(resolve(build.dir, 'node_modules/.bin/next'), ['start', '-p', String(options.port), '-H', '127.0.0.1'], {
        cwd: build.dir,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      try {
        await waitForHealth(app, base);
        await options.warmup(base);
        for (const scenario of options.scenarios) {
          const cpu0 = processTreeCpuMs(app.pid!);
          const result = await drive({ clients: options.clients, seconds: options.seconds, request: (i) => scenario.request(base, i) });
          const sample = { ...result, cpuMsPerRequest: (processTreeCpuMs(app.pid!) - cpu0) / result.requests };
          console.log(driveLine(`#${repeat + 1} ${build.label}: ${scenario.name}`, result, sample.cpuMsPerRequest));
          const key = `${scenario.name}\n${build.label}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
        }
      } finally {
        await stopChild(app);
      }
    }
  }
  console.log(`  medians of ${options.repeats} alternating repeats (min–max), ${options.clients} clients × ${options.seconds} s; load at the end ${loadAverage()}:`);
  const fmt = (values: number[], digits: number) => `${percentile(values, 50).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  for (const scenario of options.scenarios) {
    for (const build of options.builds) {
      const s = samples.get(`${scenario.name}\n${build.label}`) ?? [];
      console.log(
        `    ${scenario.name.padEnd(34)} ${build.label.padEnd(8)} ${fmt(s.map((x) => x.perSecond), 1)} req/s   p99 ${fmt(s.map((x) => x.p99), 0)} ms   CPU ${fmt(s.map((x) => x.cpuMsPerRequest), 2)} ms/req   errors ${s.reduce((n, x) => n + x.errors, 0)}`,
      );
    }
  }
}
