import Link from 'next/link';

/** What a page shows for something that does not exist (a task key, a run number): one look for all. */
export function NotFoundPanel({ title, message, backHref, backLabel }: { title: string; message: string; backHref: string; backLabel: string }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 text-center dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{message}</p>
      <Link href={backHref} className="mt-4 inline-block text-sm text-indigo-700 underline dark:text-indigo-300">
        {backLabel}
      </Link>
    </div>
  );
}
