import Link from 'next/link';
import { memo } from 'react';
import { decodeRunStrip, type StripRun } from '@/server/board/run-strip';

// Colour and shape by status (not colour alone): a filled square succeeded, a
// cross failed, a triangle timed out, a hollow circle cancelled or skipped, a
// pulsing dot running.
const LOOK: Record<string, { label: string; className: string; glyph: string }> = {
  succeeded: { label: 'succeeded', glyph: '■', className: 'text-emerald-600 dark:text-emerald-400' },
  failed: { label: 'failed', glyph: '✕', className: 'text-red-600 dark:text-red-400 font-bold' },
  timed_out: { label: 'timed out', glyph: '▲', className: 'text-orange-600 dark:text-orange-400' },
  cancelled: { label: 'cancelled', glyph: '○', className: 'text-slate-500 dark:text-slate-400' },
  skipped: { label: 'skipped', glyph: '○', className: 'text-slate-400 dark:text-slate-500' },
  running: { label: 'running', glyph: '●', className: 'text-indigo-600 dark:text-indigo-300 animate-pulse' },
};

const utc = (minutes: number) => `${new Date(minutes * 60_000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const duration = (ds: number) => (ds < 600 ? `${(ds / 10).toFixed(1)} s` : ds < 36_000 ? `${Math.round(ds / 600)} min` : `${(ds / 36_000).toFixed(1)} h`);

function describe(run: StripRun): string {
  const look = LOOK[run.status] ?? LOOK.cancelled!;
  const parts = [`Run #${run.id} ${look.label}`];
  if (run.startedAt !== null) parts.push(`started ${utc(run.startedAt)}`);
  if (run.durationDs !== null) parts.push(`took ${duration(run.durationDs)}`);
  return parts.join(', ');
}

/**
 * The card's last runs, oldest to newest left to right; each links to its run, its title says when and how long.
 * Memoized (its props are two strings): a drag step re-renders every card, and ten Links a card were most of it.
 */
export const RunStrip = memo(function RunStrip({ encoded, taskName }: { encoded: string; taskName: string }) {
  const runs = decodeRunStrip(encoded).reverse();
  if (runs.length === 0) return null;
  return (
    <ol aria-label={`Last ${runs.length} runs of “${taskName}”`} className="mt-2 flex items-center gap-0.5" data-testid="run-strip">
      {runs.map((run) => {
        const look = LOOK[run.status] ?? LOOK.cancelled!;
        const text = describe(run);
        return (
          <li key={run.id}>
            <Link
              href={`/runs/${run.id}`}
              prefetch={false}
              draggable={false}
              title={text}
              aria-label={text}
              className={`grid h-5 w-5 place-items-center rounded text-[11px] leading-none hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-slate-700 ${look.className}`}
            >
              <span aria-hidden>{look.glyph}</span>
            </Link>
          </li>
        );
      })}
    </ol>
  );
});
