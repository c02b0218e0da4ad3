'use client';

import type { FormEvent, ReactNode } from 'react';
import { EmptyState, TableShell } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { ROLES } from '@/server/auth/actor';
import { errorMessage } from './error-message';
import { buttonClass, secondaryButtonClass } from './styles';

// The pieces the admin pages (Users, Tokens, Webhooks) are built of: a list's
// query panel or table, the "add one" panel with its form, a secret shown once,
// a table's cells and row actions.

/** What the admin panels read of a useQuery result. */
interface PanelQuery<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
}

/** An admin list's query: a placeholder while it loads, its error, the empty text, or `children` with the data. */
export function QueryPanel<T>({
  query,
  loadingLabel,
  empty,
  isEmpty,
  children,
}: {
  query: PanelQuery<T>;
  loadingLabel: string;
  empty: ReactNode;
  isEmpty: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <div className="h-40 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" aria-label={loadingLabel} role="status" />;
  if (query.isError || query.data === undefined) return <EmptyState>{errorMessage(query.error)}</EmptyState>;
  return isEmpty(query.data) ? <EmptyState>{empty}</EmptyState> : <>{children(query.data)}</>;
}

/**
 * An admin list (users, tokens): a pulsing box while it loads, the error, the
 * `empty` text when there are no rows, else the table with one row per item.
 */
export function AdminTable<T>({
  query,
  caption,
  head,
  loadingLabel,
  empty,
  row,
}: {
  query: PanelQuery<T[]>;
  caption: string;
  head: string[];
  loadingLabel: string;
  empty: ReactNode;
  row: (item: T) => ReactNode;
}) {
  return (
    <QueryPanel query={query} loadingLabel={loadingLabel} empty={empty} isEmpty={(items) => items.length === 0}>
      {(items) => (
        <TableShell caption={caption} head={head}>
          {items.map(row)}
        </TableShell>
      )}
    </QueryPanel>
  );
}

/** A cell of an admin table. */
export function Cell({ className = '', children }: { className?: string; children: ReactNode }) {
  return <td className={`relative px-3 py-2 ${className}`.trimEnd()}>{children}</td>;
}

/** A time relative to now, or "never". */
export function WhenOrNever({ date }: { date: Date | null }) {
  return date ? <RelativeTime date={date} /> : 'never';
}

/** A row's action: the visible verb, and for screen readers what it acts on ("Revoke nightly"). */
export function RowAction({ verb, target, onClick, disabled }: { verb: string; target: string; onClick: () => void; disabled: boolean }) {
  return (
    <button type="button" className={secondaryButtonClass} onClick={onClick} disabled={disabled}>
      {verb}
      <span className="sr-only"> {target}</span>
    </button>
  );
}

/** The "create a …" box of an admin page: a titled panel holding its form, its error line and what it made. */
export function CreatePanel({ id, title, error, children, after }: { id: string; title: string; error: string | null; children: ReactNode; after?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={id} className="mb-3 text-base font-semibold">{title}</h2>
      {children}
      <p role="alert" className="mt-2 min-h-[1.25rem] text-sm text-red-700 dark:text-red-400">{error ?? ''}</p>
      {after}
    </section>
  );
}

/** A secret shown once (a new API token, a webhook signing secret), with its own buttons before Done. */
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

/**
 * The "add one" box above an admin list (CreatePanel): heading, a form laid out in a grid
 * (`grid`: its large-screen columns) ending in its submit button (`submit`,
 * `pending` while the mutation runs), the form's error line, then `after`.
 */
export interface AdminForm {
  id: string;
  title: string;
  grid: string;
  submit: string;
  pendingSubmit: string;
}

export function AdminFormSection({
  form: { id, title, grid, submit, pendingSubmit },
  pending,
  onSubmit,
  error,
  children,
  after,
}: {
  form: AdminForm;
  pending: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  error: string | null;
  children: ReactNode;
  after?: ReactNode;
}) {
  return (
    <CreatePanel id={id} title={title} error={error} after={after}>
      <form onSubmit={onSubmit} className={`grid grid-cols-1 gap-3 sm:grid-cols-2 ${grid} lg:items-end`} noValidate>
        {children}
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? pendingSubmit : submit}
        </button>
      </form>
    </CreatePanel>
  );
}

/** One <option> per role, lowest first. */
export function RoleOptions() {
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {r}
    </option>
  ));
}
