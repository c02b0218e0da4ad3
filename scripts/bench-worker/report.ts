// The closing table and ratios, printed on stdout once every workload has run.
import { cpus, loadavg } from 'node:os';
import { CONCURRENCY, DRAIN_TASKS, MAX_SECONDS, N, ONLY, QUICK, REPEATS } from './options';
import { results, type Figures } from './results';
import { fmt, median } from './stats';

function pick(scope: string, system: string, key: keyof Figures): number[] {
  return (results.get(scope)?.get(system) ?? []).map((f) => f?.[key]).filter((v): v is number => typeof v === 'number');
}
function pickQ(scope: string, system: string, key: 'latClaim' | 'latHandler', i: number): number[] {
  return (results.get(scope)?.get(system) ?? []).map((f) => f?.[key]?.[i]).filter((v): v is number => typeof v === 'number');
}
/** "median (min–max)" over repeats. */
function spread(values: number[], digits = 0): string {
  if (values.length === 0) return '–';
  if (values.length === 1 || Math.min(...values) === Math.max(...values)) return fmt(values[0]!, digits);
  return `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}
/** Per-repeat ratios a/b, then their median. */
function ratio(scope: string, a: [string, keyof Figures], b: [string, keyof Figures]): string {
  const xs = pick(scope, a[0], a[1]);
  const ys = pick(scope, b[0], b[1]);
  const rs = xs.map((x, i) => x / (ys[i] ?? NaN)).filter((r) => Number.isFinite(r));
  return rs.length ? `${spread(rs, median(rs) < 0.1 ? 3 : 2)}×` : '–';
}

export function report() {
  const lines: string[] = [];
  const row = (...cells: string[]) => lines.push(`| ${cells.join(' | ')} |`);
  lines.push('');
  lines.push(
    `Worker benchmark — ${new Date().toISOString()} · Node ${process.version} · ${cpus().length} cores · load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} · ${QUICK ? 'QUICK ' : ''}repeats ${REPEATS} · drain cap ${MAX_SECONDS} s${DRAIN_TASKS > 1 ? ` · drain spread over ${DRAIN_TASKS} tasks` : ''}`,
  );
  lines.push(
    `counts: drain ${N.drain}, shell ${N.shell}, latency ${N.latency} × ${N.latencyGapMs} ms, priority ${N.priority}; concurrency ${CONCURRENCY}`,
  );
  lines.push('figures: median (min–max) over repeats; ratios are per-repeat (same run), then their median');
  lines.push('');
  row(
    'scope',
    'system',
    'no-op drain runs/s',
    'shell runs/s',
    'execFile /bin/true /s',
    'execFile sh -c /s',
    'latency claim p50/p95/p99 ms',
    'latency handler p50/p95/p99 ms',
    'inversions (distant)',
  );
  row('---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:');
  for (const [scope, bySystem] of results) {
    for (const [system, list] of bySystem) {
      const partial = list.some((f) => f?.drainPartial);
      const done = pick(scope, system, 'drainDone');
      const lat = (key: 'latClaim' | 'latHandler') =>
        pickQ(scope, system, key, 0).length
          ? [0, 1, 2].map((i) => fmt(median(pickQ(scope, system, key, i)), 1)).join(' / ')
          : '–';
      const inv = pick(scope, system, 'inversions');
      row(
        scope,
        system,
        spread(pick(scope, system, 'drainRate')) + (partial ? ` (partial: ${fmt(median(done))} done in ${MAX_SECONDS} s)` : ''),
        spread(pick(scope, system, 'shellRate')),
        spread(pick(scope, system, 'bareRate')),
        spread(pick(scope, system, 'shRate')),
        lat('latClaim'),
        lat('latHandler'),
        inv.length ? `${spread(inv)} (${spread(pick(scope, system, 'distant'))})` : '–',
      );
      const failed = pick(scope, system, 'failed').reduce((s, x) => s + x, 0);
      if (failed > 0) lines.push(`  ! ${scope}/${system}: ${failed} runs did not succeed`);
    }
  }
  if (ONLY.has('drain')) {
    lines.push('');
    lines.push(
      `No-op drain, each worker in its own process (${N.drain} runs, concurrency ${CONCURRENCY}): runs/s from its first run started to the last finished; CPU per 1,000 runs (/proc/PID/stat of the worker; PostgreSQL: the backends it opened, summed)`,
    );
    row('scope', 'system', 'runs/s', 'start-up s', 'worker CPU s / 1k runs', 'PostgreSQL CPU s / 1k runs', 'RSS idle MiB', 'RSS peak MiB');
    row('---', '---', '---:', '---:', '---:', '---:', '---:', '---:');
    for (const [scope, bySystem] of results)
      for (const system of bySystem.keys())
        if (pick(scope, system, 'drainRate').length)
          row(
            scope,
            system,
            spread(pick(scope, system, 'drainRate')),
            spread(pick(scope, system, 'startupS'), 2),
            spread(pick(scope, system, 'workerCpuPer1k'), 2),
            spread(pick(scope, system, 'pgCpuPer1k'), 2),
            spread(pick(scope, system, 'rssIdleMiB')),
            spread(pick(scope, system, 'rssPeakMiB')),
          );
  }
  if (ONLY.has('idle')) {
    lines.push('');
    row('scope', 'system', 'idle worker CPU % of a core', 'idle worker RSS MiB');
    row('---', '---', '---:', '---:');
    for (const [scope, bySystem] of results)
      for (const system of bySystem.keys())
        if (pick(scope, system, 'idleCpuPct').length)
          row(scope, system, spread(pick(scope, system, 'idleCpuPct'), 2), spread(pick(scope, system, 'idleRssMiB')));
  }
  if (ONLY.has('herd')) {
    lines.push('');
    lines.push(`Herd: ${N.herd} tasks at one fire time + ${N.herdBackground} on */5, 4 worker processes × 10`);
    row('scope', 'idle tick ms/pass', 'tick alone: all due → all queued s', 'fire → all queued s', 'fire → all started s', 'runs', 'duplicates', 'urgent run start ms');
    row('---', '---:', '---:', '---:', '---:', '---:', '---:', '---:');
    for (const scope of results.keys()) {
      const h = (k: keyof Figures, d = 1) => spread(pick(scope, 'cronboard', k), d);
      row(scope, h('tickMs', 2), h('tickAllS', 2), h('herdQueuedS'), h('herdStartedS'), h('herdRuns', 0), h('herdDuplicates', 0), h('herdUrgentMs', 0));
    }
  }
  lines.push('');
  lines.push('Ratios and targets:');
  for (const scope of results.keys()) {
    if (ONLY.has('shell'))
      lines.push(
        `- ${scope}: shell / bare execFile /bin/true = ${ratio(scope, ['cronboard', 'shellRate'], ['execFile', 'bareRate'])}`,
      );
    if (ONLY.has('shell'))
      lines.push(
        `- ${scope}: shell / execFile sh -c /bin/true = ${ratio(scope, ['cronboard', 'shellRate'], ['execFile', 'shRate'])} (target ≥ 0.9×, issue 14 item 5)`,
      );
    for (const peer of [...(results.get(scope)?.keys() ?? [])].filter((s) => s !== 'cronboard' && s !== 'execFile')) {
      if (!results.get(scope)?.has(peer)) continue;
      if (ONLY.has('drain'))
        lines.push(
          `- ${scope}: no-op drain cronboard / ${peer} = ${ratio(scope, ['cronboard', 'drainRate'], [peer, 'drainRate'])}`,
        );
      if (ONLY.has('shell')) {
        lines.push(
          `- ${scope}: shell drain cronboard / ${peer} = ${ratio(scope, ['cronboard', 'shellRate'], [peer, 'shellRate'])}`,
        );
        lines.push(
          `- ${scope}: ${peer} shell / bare execFile /bin/true = ${ratio(scope, [peer, 'shellRate'], ['execFile', 'bareRate'])}`,
        );
      }
    }
  }
  lines.push(...targetLines());
  console.log(lines.join('\n'));
}

/** Issue 14's targets, one line each: the figure (median over repeats), the target, met or missed. */
function targetLines(): string[] {
  const out = ['', 'Targets (issue 14; medians over repeats):'];
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const med = (xs: number[]) => (xs.length ? median(xs) : NaN);
  for (const scope of results.keys()) {
    const systems = [...(results.get(scope)?.keys() ?? [])];
    const idle = med(pick(scope, 'cronboard', 'idleCpuPct'));
    if (Number.isFinite(idle)) {
      const base = systems.includes('baseline') ? `; / baseline ${ratio(scope, ['cronboard', 'idleCpuPct'], ['baseline', 'idleCpuPct'])}` : '';
      out.push(`- ${scope}: idle worker CPU ${fmt(idle, 2)} % of a core (target < 1 %): ${verdict(idle < 1)}${base}`);
    }
    const p99 = med(pickQ(scope, 'cronboard', 'latClaim', 2));
    if (Number.isFinite(p99)) {
      const limit = scope === 'sqlite' ? 100 : 15;
      out.push(`- ${scope}: Run now claim p99 ${fmt(p99, 0)} ms (target ≤ ${limit} ms): ${verdict(p99 <= limit)}`);
    }
    for (const [peer, what] of [['pg-boss', ''], ['graphile-worker', ''], ['graphile-worker lq=c+1', ' (stretch)']] as const) {
      if (!ONLY.has('drain') || !systems.includes(peer) || !pick(scope, 'cronboard', 'drainRate').length) continue;
      const xs = pick(scope, 'cronboard', 'drainRate');
      const ys = pick(scope, peer, 'drainRate');
      const r = med(xs.map((x, i) => x / (ys[i] ?? NaN)).filter(Number.isFinite));
      out.push(`- ${scope}: no-op drain / ${peer} ${fmt(r, 2)}× (target ≥ 1.0×${what}): ${verdict(r >= 1)}`);
    }
    const peers = systems.filter((p) => p === 'pg-boss' || p === 'graphile-worker');
    for (const key of ['rssIdleMiB', 'rssPeakMiB'] as const) {
      const ours = med(pick(scope, 'cronboard', key));
      const theirs = peers.map((p) => med(pick(scope, p, key))).filter(Number.isFinite);
      if (!Number.isFinite(ours) || theirs.length === 0) continue;
      const bound = Math.min(...theirs);
      out.push(`- ${scope}: worker ${key === 'rssIdleMiB' ? 'RSS idle' : 'RSS at the drain peak'} ${fmt(ours, 0)} MiB (target ≤ both peers: ${fmt(bound, 0)} MiB): ${verdict(ours <= bound)}`);
    }
  }
  return out;
}
