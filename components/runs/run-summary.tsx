import type { RunView } from '@/server/runs/get-run';
import { formatDuration } from './format';

/** "exit code 3 after 1.2 s", "killed by SIGTERM", "running for 4.0 s", "waiting in the queue". */
export function runOutcome(r: RunView, now: number): string {
  const after = r.durationMs !== null ? ` after ${formatDuration(r.durationMs)}` : '';
  if (r.status === 'queued') return 'waiting in the queue';
  if (r.status === 'running') return r.startedAt ? `running for ${formatDuration(Math.max(0, now - r.startedAt.getTime()))}` : 'running';
  if (r.status === 'skipped') return 'skipped (the previous run was still going)';
  const how = r.exitCode !== null ? `exit code ${r.exitCode}` : r.signal ? `killed by ${r.signal}` : r.status.replace('_', ' ');
  return `${how}${after}`;
}

/** The top of the run page: what ran (the command line) and how it ended (exit status). */
export function RunSummary({ run, now }: { run: RunView; now: number }) {
  const bad = run.status === 'failed' || run.status === 'timed_out';
  return (
    <div className="mb-4 flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:flex-row sm:items-center sm:gap-4 dark:border-slate-800 dark:bg-slate-900">
      <p className="min-w-0 flex-1">
        <span className="sr-only">Command: </span>
        <code
          className="block overflow-x-auto rounded bg-slate-100 px-2 py-1 font-mono text-sm whitespace-pre text-slate-900 dark:bg-slate-950 dark:text-slate-100"
          title="What the task runs (its current definition)"
          tabIndex={0}
        >
          <span aria-hidden="true" className="text-slate-500 select-none dark:text-slate-400">
            ${' '}
          </span>
          {run.what ?? '—'}
        </code>
      </p>
      <p
        data-run-outcome
        className={`shrink-0 text-sm font-medium ${bad ? 'text-red-800 dark:text-red-300' : run.status === 'succeeded' ? 'text-emerald-800 dark:text-emerald-300' : 'text-slate-700 dark:text-slate-200'}`}
      >
        <span className="sr-only">Exit status: </span>
        {runOutcome(run, now)}
      </p>
    </div>
  );
}
