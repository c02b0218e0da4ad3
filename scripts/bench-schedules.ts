// Benchmark (not a test): parse + next(10) for 10,000 mixed schedules, the
// worker's "reschedule every task" worst case. Prints figures; asserts nothing.
//   npx tsx scripts/bench-schedules.ts [--count 10000] [--rounds 5] [--compare-croner]
import { Cron } from 'croner';
import { nextFireTimes, parseSchedule, type Schedule } from '../server/schedules';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COUNT = arg('--count', 10_000);
const ROUNDS = arg('--rounds', 5);
const NEXT = 10;
const FROM = new Date('2026-03-01T12:00:00Z'); // a week before US DST, four before EU DST

// Deterministic mix, so runs are comparable.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Europe/Paris',
  'Asia/Kolkata',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Australia/Sydney',
];
const GENERATORS: [number, () => string][] = [
  [30, () => `${int(0, 59)} ${int(0, 23)} * * *`],
  [10, () => `*/${pick([5, 10, 15, 20, 30])} * * * *`],
  [8, () => `${int(0, 59)} ${int(6, 20)} * * ${pick(['1-5', 'MON', '0,6', 'FRI', '7'])}`],
  [6, () => `${int(0, 59)} ${int(0, 23)} ${pick(['1', '15', 'L', '15W', 'LW', '1,15'])} * *`],
  [4, () => `0 ${int(0, 23)} * * ${pick(['5#2', '1#1', '5L'])}`],
  [4, () => `0 0 ${int(1, 28)} * ${int(1, 5)}`], // DOM/DOW OR rule
  [3, () => `${int(0, 59)} */${int(2, 30)} * * * *`], // seconds field
  [5, () => pick(['@hourly', '@daily', '@weekly', '@monthly', '@yearly'])],
  [
    10,
    () =>
      pick(['daily at', 'weekdays at', 'monday at', 'every friday at']) + ` ${int(0, 23)}:${String(int(0, 59)).padStart(2, '0')}`,
  ],
  [12, () => pick([`${int(1, 59)}m`, `every ${int(1, 12)} hours`, `${int(10, 600)}s`, `${int(1, 7)}d`, '1w'])],
  [
    5,
    () =>
      `2026-${String(int(3, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}T${String(int(0, 23)).padStart(2, '0')}:00:00`,
  ],
  [3, () => pick(['manual', 'now'])],
];
const total = GENERATORS.reduce((s, [w]) => s + w, 0);
function generate(): { input: string; timezone: string } {
  let r = rand() * total;
  for (const [w, g] of GENERATORS) if ((r -= w) < 0) return { input: g(), timezone: pick(ZONES) };
  return { input: 'manual', timezone: 'UTC' };
}
const inputs = Array.from({ length: COUNT }, generate);

function round(): { parseMs: number; nextMs: number; fires: number; kinds: Record<string, number> } {
  const t0 = performance.now();
  const schedules: Schedule[] = [];
  for (const { input, timezone } of inputs) {
    const r = parseSchedule(input, { timezone });
    if (!r.ok) throw new Error(`benchmark input rejected: ${input}: ${r.error.message}`);
    schedules.push(r.schedule);
  }
  const t1 = performance.now();
  let fires = 0;
  for (const s of schedules) fires += nextFireTimes(s, FROM, NEXT).length;
  const t2 = performance.now();
  const kinds: Record<string, number> = {};
  for (const s of schedules) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
  return { parseMs: t1 - t0, nextMs: t2 - t1, fires, kinds };
}

const fmt = (n: number) => n.toFixed(1);
const results = Array.from({ length: ROUNDS }, round);
const first = results[0]!;
const warm = results.slice(1).sort((a, b) => a.parseMs + a.nextMs - (b.parseMs + b.nextMs));
const median = warm[Math.floor(warm.length / 2)] ?? first;
const distinct = new Set(inputs.map((i) => `${i.input}|${i.timezone}`)).size;

console.log(
  `Schedules benchmark: parse + next(${NEXT}) for ${COUNT} mixed schedules (${distinct} distinct), Node ${process.version}`,
);
console.log(
  `mix: ${Object.entries(first.kinds)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}; ${first.fires} fire times per round`,
);
for (const [label, r] of [
  ['first round (cold zone caches)', first],
  [`median of ${warm.length} warm rounds`, median],
] as const) {
  const totalMs = r.parseMs + r.nextMs;
  console.log(
    `${label}: total ${fmt(totalMs)} ms (parse ${fmt(r.parseMs)} ms, next ${fmt(r.nextMs)} ms), ` +
      `${fmt((totalMs * 1000) / COUNT)} µs/schedule, ${Math.round(COUNT / (totalMs / 1000)).toLocaleString('en-US')} schedules/s`,
  );
}

if (args.includes('--compare-croner')) {
  // Reference point for the decision to evaluate cron ourselves: croner on the cron subset.
  const crons = inputs
    .map(({ input, timezone }) => ({ r: parseSchedule(input, { timezone }), timezone }))
    .flatMap(({ r, timezone }) => (r.ok && r.schedule.kind === 'cron' ? [{ expression: r.schedule.expression, timezone }] : []));
  const t0 = performance.now();
  for (const c of crons) new Cron(c.expression, { timezone: c.timezone, fixedTimeRule: 'no-wildcard' }).nextRuns(NEXT, FROM);
  const ms = performance.now() - t0;
  console.log(
    `croner 11 on the ${crons.length} cron schedules alone: ${fmt(ms)} ms, ${fmt((ms * 1000) / crons.length)} µs/schedule`,
  );
}
