import { formatDuration } from './format';

const BAR_COLOURS: Record<string, string> = {
  succeeded: 'fill-emerald-500 dark:fill-emerald-400',
  failed: 'fill-red-600 dark:fill-red-400',
  timed_out: 'fill-orange-500 dark:fill-orange-400',
  cancelled: 'fill-slate-400 dark:fill-slate-500',
};

export interface ChartRun {
  id: number;
  status: string;
  durationMs: number;
}

/** Recent run durations as bars (oldest left), coloured by outcome, with a text summary for screen readers. */
export function DurationChart({ runs }: { runs: ChartRun[] }) {
  const width = 300;
  const height = 80;
  if (runs.length === 0) {
    return (
      <div className="grid h-24 place-items-center rounded-md border border-dashed border-slate-300 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        No finished runs yet.
      </div>
    );
  }
  const max = Math.max(...runs.map((r) => r.durationMs), 1);
  const slot = width / Math.max(runs.length, 10);
  const bar = Math.max(slot * 0.7, 2);
  const failed = runs.filter((r) => r.status === 'failed' || r.status === 'timed_out').length;
  const summary = `Durations of the last ${runs.length} runs, oldest first: shortest ${formatDuration(Math.min(...runs.map((r) => r.durationMs)))}, longest ${formatDuration(max)}, latest ${formatDuration(runs.at(-1)!.durationMs)}; ${failed} failed or timed out.`;
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" className="h-24 w-full" role="img" aria-label={summary}>
        <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} className="stroke-slate-300 dark:stroke-slate-700" strokeWidth="1" />
        {runs.map((r, i) => {
          const h = Math.max((r.durationMs / max) * (height - 4), 1.5);
          return (
            <rect key={r.id} x={i * slot + (slot - bar) / 2} y={height - h} width={bar} height={h} rx="1" className={BAR_COLOURS[r.status] ?? BAR_COLOURS.cancelled}>
              <title>{`Run #${r.id}: ${r.status.replace('_', ' ')}, ${formatDuration(r.durationMs)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        <span>Longest {formatDuration(max)}</span>
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="h-2 w-2 rounded-sm bg-emerald-500" /> succeeded
        </span>
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="h-2 w-2 rounded-sm bg-red-600" /> failed
        </span>
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="h-2 w-2 rounded-sm bg-orange-500" /> timed out
        </span>
      </figcaption>
    </figure>
  );
}
