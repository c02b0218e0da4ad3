import type { ReactNode } from 'react';

export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <div className="mx-auto mt-8 w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-white">{title}</h1>
      {intro ? <div className="mt-1 text-sm text-slate-600 dark:text-slate-300">{intro}</div> : null}
      <div className="mt-5">{children}</div>
    </div>
  );
}
