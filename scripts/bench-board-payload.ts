// Prints the size of board.get's answer (superjson, as tRPC sends it and the
// page embeds it) on a seed:perf database: 1,000 tasks and their runs.
// A figure, not a test.
//
// The database is seeded when --url names no existing file.
//
//   npx tsx scripts/bench-board-payload.ts [--url file:/tmp/perf.db] [--tasks 1000] [--runs 100000] [--repeat 5]
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import superjson from 'superjson';
import { getBoard } from '../server/board/get-board';
import { openDatabase } from '../server/db';
import { seedPerf } from './seed-perf';

const { values } = parseArgs({
  options: { url: { type: 'string' }, tasks: { type: 'string', default: '1000' }, runs: { type: 'string', default: '100000' }, repeat: { type: 'string', default: '5' } },
});
const url = values.url ?? `file:${join(mkdtempSync(join(tmpdir(), 'cronboard-board-')), 'perf.db')}`;
if (!values.url || !existsSync(url.replace(/^file:/, ''))) await seedPerf({ url, tasks: Number(values.tasks), runs: Number(values.runs) });
const handle = await openDatabase(url);
const times: number[] = [];
let bytes = 0;
for (let i = 0; i < Number(values.repeat); i++) {
  const t0 = performance.now();
  const board = await getBoard({ db: handle.db });
  bytes = Buffer.byteLength(JSON.stringify(superjson.serialize(board)));
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`board.get: ${(bytes / 1024).toFixed(0)} KiB; getBoard + serialize median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)}), load ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`);
await handle.close();
