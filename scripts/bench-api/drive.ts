// The load of bench:api: C clients, each sending its next request when the
// previous answer is in, for a number of seconds; requests/s, p50/p99, errors.
import { loadAverage, percentile } from '../lib/bench-kit';

export interface DriveResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function drive(options: { clients: number; seconds: number; request: (i: number) => Promise<Response> }): Promise<DriveResult> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const res = await options.request(n++);
          await res.arrayBuffer();
          // A 304 (a conditional GET answered from the client's copy) is an answer, not an error.
          if (!res.ok && res.status !== 304) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

export function driveLine(name: string, r: DriveResult, cpuMsPerRequest?: number): string {
  const cpu = cpuMsPerRequest === undefined ? '' : `   CPU ${cpuMsPerRequest.toFixed(2)} ms/req`;
  return `  ${name.padEnd(44)} ${r.perSecond.toFixed(1).padStart(7)} req/s   p50 ${r.p50.toFixed(0).padStart(5)} ms   p99 ${r.p99.toFixed(0).padStart(5)} ms   errors ${r.errors}${cpu}   (load ${loadAverage()})`;
}
