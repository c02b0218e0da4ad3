// Where getBoard's time goes at a seed:perf database: each of its reads alone,
// then getBoard whole and superjson, medians of --repeat calls (min–max).
// A figure, not a test.
//
//   npx tsx scripts/time-board-parts.ts --url file:/tmp/copy-of-perf1m.db [--repeat 5]
import superjson from 'superjson';
import { openIncidentCounts } from '../server/alerts/incidents';
import { listBoardCards } from '../server/board/board-cards';
import { getBoard } from '../server/board/get-board';
import { readStripRuns } from '../server/board/strip-runs';
import { openDatabase } from '../server/db';
import { chainMarks } from '../server/triggers/chain-marks';
import { arg, databaseUrlArg, loadAverage, percentile } from './lib/bench-kit';

const url = databaseUrlArg('time-board-parts', 'a seed:perf database');
const REPEAT = Number(arg('repeat', '5'));
const handle = await openDatabase(url);
const db = handle.db;
const parts: [string, () => Promise<unknown>][] = [
  ['tasks findMany (cards, labels)', () => db.task.findMany({ orderBy: [{ status: 'asc' }, { position: 'asc' }, { id: 'asc' }], select: { id: true, key: true, name: true, priority: true, status: true, paused: true, assignee: true, schedule: true, scheduleKind: true, timezone: true, nextRunAt: true, lastRunAt: true, lastRunStatus: true, boardVersion: true, description: true, command: true, source: true, sourcePath: true, labels: { select: { name: true, color: true } } } })],
  ['strip runs (readStripRuns)', () => readStripRuns(db)],
  ['listBoardCards (tasks + strips + failures)', () => listBoardCards({ db })],
  ['task keys', () => db.task.findMany({ select: { id: true, key: true } })],
  ['running runs', () => db.run.findMany({ where: { status: 'running' }, select: { id: true, taskId: true, startedAt: true }, orderBy: { id: 'asc' } })],
  ['queued counts (groupBy)', () => db.run.groupBy({ by: ['taskId'], where: { status: 'queued' }, _count: { _all: true } })],
  ['open incidents', () => openIncidentCounts(db)],
  ['chain marks', () => chainMarks(db)],
  ['board columns', () => db.boardColumn.findMany()],
  ['getBoard', () => getBoard({ db })],
  ['getBoard + superjson', async () => JSON.stringify(superjson.serialize(await getBoard({ db })))],
  ['getBoard firstPerColumn 12 (the page)', () => getBoard({ db, firstPerColumn: 12 })],
  ['  + superjson', async () => JSON.stringify(superjson.serialize(await getBoard({ db, firstPerColumn: 12 })))],
];
console.log(`${url}: ${REPEAT} calls each, load ${loadAverage()}`);
for (const [label, run] of parts) {
  await run(); // warm-up (query compile, plan)
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(44)} median ${percentile(times, 50).toFixed(0).padStart(5)} ms (${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)})`);
}
console.log(`load ${loadAverage()}`);
await handle.close();
