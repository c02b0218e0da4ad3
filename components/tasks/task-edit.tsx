'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc/client';
import { TaskForm } from './task-form';
import { emptyFormValues, formValuesFromInput } from './task-form-values';

export function NewTaskForm() {
  return <TaskForm mode="create" initial={emptyFormValues('')} />;
}

export function TaskEdit({ taskKey }: { taskKey: string }) {
  const trpc = useTRPC();
  // Not refetched behind the user's back while editing; Reload after a conflict fetches again.
  const detail = useQuery({ ...trpc.tasks.detail.queryOptions({ key: taskKey }), refetchOnWindowFocus: false, staleTime: Infinity });
  if (detail.isError) {
    return (
      <div role="alert" className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 text-center dark:border-slate-800 dark:bg-slate-900">
        <p className="text-sm">{detail.error.message}</p>
        <Link href="/" className="mt-4 inline-block text-sm text-indigo-700 underline dark:text-indigo-300">
          Back to the board
        </Link>
      </div>
    );
  }
  if (!detail.data) return <div aria-busy className="mx-auto h-[60rem] max-w-4xl animate-pulse rounded-lg bg-slate-100 dark:bg-slate-900" />;
  const task = detail.data;
  return (
    <TaskForm
      key={task.version}
      mode="edit"
      taskKey={task.key}
      version={task.version}
      saved={{ schedule: task.input.schedule ?? task.schedule, timezone: formValuesFromInput(task.input, task.timezone).timezone, next: task.nextFireTimes }}
      initial={formValuesFromInput(task.input, task.timezone)}
      onReload={async () => {
        const fresh = await detail.refetch();
        return fresh.data ? formValuesFromInput(fresh.data.input, fresh.data.timezone) : null;
      }}
    />
  );
}
