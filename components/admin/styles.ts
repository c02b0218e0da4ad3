export const inputClass =
  'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';
export const buttonClass =
  'inline-flex h-9 items-center justify-center rounded-md bg-indigo-600 px-3 text-sm font-semibold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-60';
export const secondaryButtonClass =
  'inline-flex h-8 items-center justify-center rounded-md border border-slate-300 px-2.5 text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-60 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800';
export const labelClass = 'flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300';
