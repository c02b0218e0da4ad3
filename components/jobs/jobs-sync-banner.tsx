'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';

/**
 * The jobs folder sync's problems, on the board until the files are fixed:
 * which file, line and field, and why (the files with problems were left as
 * they were; the others applied).
 */
export function JobsSyncBanner() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.jobs.syncStatus.queryOptions(), refetchInterval: 5_000 });
  const data = status.data;
  if (!data || data.ok) return null;
  return (
    <div
      role="alert"
      className="mb-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-medium">
        The jobs folder {data.folder} has {data.problems.length} problem{data.problems.length === 1 ? '' : 's'}: those files were
        not applied (their tasks are unchanged).
      </p>
      <ul className="mt-1 list-disc pl-5 font-mono text-xs">
        {data.problems.slice(0, 10).map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
