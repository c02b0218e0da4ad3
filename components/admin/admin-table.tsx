'use client';

import type { FormEvent, ReactNode } from 'react';
import { EmptyState, TableShell } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { ROLES } from '@/server/auth/actor';
import { errorMessage } from './error-message';
import { buttonClass, secondaryButtonClass } from './styles';

/** What AdminTable reads of a useQuery result. */
interface ListQuery<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T[] | undefined;
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
  query: ListQuery<T>;
  caption: string;
  head: string[];
  loadingLabel: string;
  empty: ReactNode;
  row: (item: T) => ReactNode;
}) {
  if (query.isPending) {
    return <div className="h-40 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" aria-label={loadingLabel} role="status" />;
  }
  if (query.isError) return <EmptyState>{errorMessage(query.error)}</EmptyState>;
  const items = query.data ?? [];
  if (items.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <TableShell caption={caption} head={head}>
      {items.map(row)}
    </TableShell>
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

/**
 * The "add one" box above an admin list: heading, a form laid out in a grid
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
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={id} className="mb-3 text-base font-semibold">{title}</h2>
      <form onSubmit={onSubmit} className={`grid grid-cols-1 gap-3 sm:grid-cols-2 ${grid} lg:items-end`} noValidate>
        {children}
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? pendingSubmit : submit}
        </button>
      </form>
      <p role="alert" className="mt-2 min-h-[1.25rem] text-sm text-red-700 dark:text-red-400">{error ?? ''}</p>
      {after}
    </section>
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
