import type { ReactNode } from 'react';
import { ScrollBox } from './scroll-box';

export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-2">
      <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
      {children}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed border-slate-300 px-4 py-10 text-center text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400">
      {children}
    </p>
  );
}

/** The header checkbox of a table with a select column ("select all shown"). */
export interface SelectAll {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange: () => void;
}

/**
 * A data table: caption for screen readers, header row, optional select
 * column (pair it with `SelectCell` in each row), and `skeletonRows`
 * placeholder rows while `loading`. Wide tables scroll inside their box;
 * `stacked` ones become a block per row on a phone instead (app/globals.css,
 * `.table-stack`: give each cell a `data-label`, its column's name).
 */
export function TableShell({
  caption,
  head,
  children,
  loading = false,
  skeletonRows = 3,
  select,
  tableClassName = '',
  stacked = false,
}: {
  caption: string;
  head: string[];
  children: ReactNode;
  loading?: boolean;
  skeletonRows?: number;
  select?: SelectAll;
  /** e.g. a min-width, so the columns keep their room on a narrow screen. */
  tableClassName?: string;
  /** Below `sm`, one block per row with each cell's data-label beside its value. */
  stacked?: boolean;
}) {
  const columns = head.length + (select ? 1 : 0);
  return (
    <ScrollBox label={caption} className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className={`w-full text-left text-sm ${stacked ? 'table-stack' : ''} ${tableClassName}`}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            {select && (
              <th scope="col" className="w-10 px-3 py-2">
                <input
                  type="checkbox"
                  aria-label={select.label}
                  checked={select.checked}
                  disabled={select.disabled}
                  onChange={select.onChange}
                />
              </th>
            )}
            {head.map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {loading &&
            Array.from({ length: skeletonRows }, (_, i) => (
              <tr key={i} aria-hidden="true" className="h-10">
                <td colSpan={columns} className="px-3 py-2">
                  <div className="h-4 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
                </td>
              </tr>
            ))}
          {children}
        </tbody>
      </table>
    </ScrollBox>
  );
}

/** A row's checkbox in a table with a select column. */
export function SelectCell({ label, checked, onChange }: { label: string; checked: boolean; onChange: () => void }) {
  return (
    <td className="px-3 py-2" data-label="Select">
      <input type="checkbox" aria-label={label} checked={checked} onChange={onChange} />
    </td>
  );
}
