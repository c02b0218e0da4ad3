import type { ReactNode } from 'react';

/**
 * The ways a term and its value stand in a description list (<dl>): a small
 * caption over the value (run detail), a caption over a large figure (task
 * statistics), or caption and value side by side in a row (task page).
 */
const LOOKS = {
  detail: { item: 'min-w-0', term: 'text-xs font-medium text-slate-600 dark:text-slate-300', value: 'mt-0.5 text-sm break-words' },
  figure: { item: 'min-w-0', term: 'text-xs text-slate-600 dark:text-slate-400', value: 'text-lg font-semibold tabular-nums' },
  row: {
    item: 'grid grid-cols-[7rem_1fr] gap-2 sm:grid-cols-[9rem_1fr] py-1 text-sm',
    term: 'text-slate-600 dark:text-slate-400',
    value: 'min-w-0 break-words',
  },
} as const;

export type TermLook = keyof typeof LOOKS;

/** One <dt>/<dd> pair of a <dl>. */
export function Term({ term, look = 'detail', children }: { term: string; look?: TermLook; children: ReactNode }) {
  const classes = LOOKS[look];
  return (
    <div className={classes.item}>
      <dt className={classes.term}>{term}</dt>
      <dd className={classes.value}>{children}</dd>
    </div>
  );
}
