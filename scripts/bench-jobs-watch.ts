// How long a jobs folder edit takes to reach the database (issue 11: "watch mode
// follows edits within ~2 s"): a scratch SQLite database, one or two workers in
// this process syncing one folder (config jobsDir), then N edits of one file,
// each timed from the write to the task showing the new value, with the sync's
// marker hold at its old 1000 ms and its new 250 ms. Prints median and min–max
// per variant, with the load average.
//
//   npx tsx scripts/bench-jobs-watch.ts [--edits 7]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/config';
import { migrateDatabase, openDatabase } from '../server/db';
import { createLogger } from '../server/lib/logger';
import { JOBS_SYNC_TIMING } from '../worker/jobs-sync';
import { CronboardWorker } from '../worker/worker';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const EDITS = Number(arg('edits', '7'));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(workers: number): Promise<number[]> {
  const root = mkdtempSync(join(tmpdir(), 'cronboard-watch-'));
  const dir = join(root, 'jobs');
  const url = `file:${join(root, 'bench.db')}`;
  mkdirSync(dir);
  const file = join(dir, 'probe.yaml');
  writeFileSync(file, 'id: probe\ncommand: "true"\nmax_retries: 0\n');
  await migrateDatabase({ url });
  const handle = await openDatabase(url);
  const config = { ...loadConfig({ env: { DATABASE_URL: url, CRONBOARD_DEMO: 'false' } }), jobsDir: dir };
  const fleet = Array.from(
    { length: workers },
    (_, i) => new CronboardWorker({ db: handle.db, config, logger: createLogger({ name: `w${i}`, level: 'silent' }), name: `w${i}` }),
  );
  await Promise.all(fleet.map((w) => w.start()));
  const times: number[] = [];
  try {
    while (!(await handle.db.task.findUnique({ where: { key: 'probe' } }))) await sleep(20);
    for (let n = 1; n <= EDITS; n++) {
      await sleep(1500); // let the previous sync (and a second worker's retry) settle
      const started = performance.now();
      writeFileSync(file, `id: probe\ncommand: "true"\nmax_retries: ${n}\n`);
      while ((await handle.db.task.findUniqueOrThrow({ where: { key: 'probe' } })).maxRetries !== n) await sleep(10);
      times.push(performance.now() - started);
    }
  } finally {
    await Promise.all(fleet.map((w) => w.stop()));
    await handle.close();
    rmSync(root, { recursive: true, force: true });
  }
  return times;
}

function summary(xs: number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `median ${median.toFixed(0)} ms, min–max ${sorted[0]!.toFixed(0)}–${sorted.at(-1)!.toFixed(0)} ms (${xs.length} edits)`;
}

async function main(): Promise<void> {
  // The marker's hold (claimMs) before and after the change, and one or two workers, alternated
  // so that a change in the machine's load hits every variant.
  const variants = [1000, 250].flatMap((claimMs) => [1, 2].map((workers) => ({ claimMs, workers })));
  const results = new Map(variants.map((v) => [`${v.claimMs}/${v.workers}`, [] as number[]]));
  for (const order of [variants, [...variants].reverse()]) {
    for (const { claimMs, workers } of order) {
      const before = load();
      JOBS_SYNC_TIMING.claimMs = claimMs;
      results.get(`${claimMs}/${workers}`)!.push(...(await measure(workers)));
      console.log(`  claimMs ${claimMs}, ${workers} worker(s): round done (load before: ${before})`);
    }
  }
  console.log(`edit → task updated, SQLite, debounce ${JOBS_SYNC_TIMING.debounceMs} ms, load average ${load()} (a loaded machine):`);
  for (const { claimMs, workers } of variants)
    console.log(`  claimMs ${claimMs}, ${workers} worker(s): ${summary(results.get(`${claimMs}/${workers}`)!)}`);
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
