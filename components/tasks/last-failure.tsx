import Link from 'next/link';
import { formatUtc } from './format';
import type { TaskDetail } from './types';

/** The last failed run and the last lines of its stderr, so "why did it fail" is answered on the task page. */
export function LastFailure({ failure, failing }: { failure: NonNullable<TaskDetail['lastFailure']>; failing: boolean }) {
  return (
    <section
      aria-labelledby="last-failure-heading"
      className={`rounded-lg border p-4 ${failing ? 'border-red-300 border-l-4 border-l-red-600 bg-red-50 dark:border-red-800 dark:bg-red-950' : 'border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900'}`}
    >
      <h2 id="last-failure-heading" className="flex items-center gap-1.5 text-base font-semibold">
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 text-red-700 dark:text-red-400" fill="currentColor">
          <path d="M10 1.5 19 18H1L10 1.5Zm-1 6v5h2v-5H9Zm0 6.5v2h2v-2H9Z" />
        </svg>
        Last failure
      </h2>
      <p className="mt-1 text-sm">
        <Link href={`/runs/${failure.runId}`} className="text-indigo-700 underline dark:text-indigo-300">
          Run #{failure.runId}
        </Link>{' '}
        {failure.status === 'timed_out' ? 'timed out' : 'failed'}
        {failure.finishedAt ? ` at ${formatUtc(failure.finishedAt)}` : ''}
        {failure.error ? `: ${failure.error}` : ''}
      </p>
      {failure.stderr.length > 0 ? (
        <pre
          aria-label="Last lines of its stderr"
          className="mt-2 max-h-48 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-900 p-2 font-mono text-xs text-red-100"
          data-testid="last-failure-stderr"
        >
          {failure.stderr.join('\n')}
        </pre>
      ) : (
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">It wrote nothing to stderr.</p>
      )}
    </section>
  );
}
