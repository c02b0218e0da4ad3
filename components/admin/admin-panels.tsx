import type { ReactNode } from 'react';
import { EmptyState } from '@/components/ui/data-table';
import { errorMessage } from './error-message';
import { secondaryButtonClass } from './styles';

/** The "create a …" box of an admin page: a titled panel holding its form, its error line and what it made. */
export function CreatePanel({ id, title, error, children }: { id: string; title: string; error: string | null; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={id} className="mb-3 text-base font-semibold">{title}</h2>
      {children}
      <p role="alert" className="mt-2 min-h-[1.25rem] text-sm text-red-700 dark:text-red-400">{error ?? ''}</p>
    </section>
  );
}

/** A secret shown once (a new API token, a webhook signing secret), with its own buttons. */
export function ShownOnce({ title, value, testId, children, onDone }: { title: ReactNode; value: string; testId: string; children?: ReactNode; onDone: () => void }) {
  return (
    <div role="status" className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950/40">
      <p className="font-medium text-amber-900 dark:text-amber-200">{title}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code data-testid={testId} className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 dark:bg-slate-900 dark:text-slate-100">
          {value}
        </code>
        {children}
        <button type="button" className={secondaryButtonClass} onClick={onDone}>Done</button>
      </div>
    </div>
  );
}

/** An admin list's query: a placeholder while it loads, its error, the empty text, or `children` with the data. */
export function QueryPanel<T>({
  query,
  loadingLabel,
  empty,
  isEmpty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined };
  loadingLabel: string;
  empty: ReactNode;
  isEmpty: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <div className="h-40 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" aria-label={loadingLabel} role="status" />;
  if (query.isError || query.data === undefined) return <EmptyState>{errorMessage(query.error)}</EmptyState>;
  return isEmpty(query.data) ? <EmptyState>{empty}</EmptyState> : <>{children(query.data)}</>;
}
