'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePermission } from '@/components/auth/use-permission';
import { useTRPC } from '@/components/trpc/client';
import { buttonClass, NEEDS_EDITOR } from './field';
import { TaskForm } from './task-form';
import { emptyFormValues, formValuesFromInput } from './task-form-values';

export function NewTaskForm() {
  return <TaskForm mode="create" initial={emptyFormValues('')} />;
}

export function TaskEdit({ taskKey }: { taskKey: string }) {
  const trpc = useTRPC();
  // Not refetched behind the user's back while editing; Reload after a conflict fetches again.
  const detail = useQuery({
    ...trpc.tasks.detail.queryOptions({ key: taskKey }),
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
  if (detail.isError) {
    return (
      <div
        role="alert"
        className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 text-center dark:border-slate-800 dark:bg-slate-900"
      >
        <p className="text-sm">{detail.error.message}</p>
        <Link href="/" className="mt-4 inline-block text-sm text-indigo-700 underline dark:text-indigo-300">
          Back to the board
        </Link>
      </div>
    );
  }
  if (!detail.data)
    return <div aria-busy className="mx-auto h-[60rem] max-w-4xl animate-pulse rounded-lg bg-slate-100 dark:bg-slate-900" />;
  const task = detail.data;
  return (
    <>
      {task.managedIn && (
        <ManagedNotice taskKey={task.key} version={task.version} file={task.managedIn} onDetached={() => void detail.refetch()} />
      )}
      <TaskForm
        key={task.version}
        mode="edit"
        taskKey={task.key}
        version={task.version}
        managedIn={task.managedIn}
        saved={{ schedule: task.input.schedule ?? task.schedule, timezone: formValuesFromInput(task.input, task.timezone).timezone, next: task.nextFireTimes }}
        initial={formValuesFromInput(task.input, task.timezone)}
        onReload={async () => {
          const fresh = await detail.refetch();
          return fresh.data ? formValuesFromInput(fresh.data.input, fresh.data.timezone) : null;
        }}
      />
    </>
  );
}

/** "Managed in jobs/x.yaml", and "Detach from file" for those who may define tasks. */
function ManagedNotice({
  taskKey,
  version,
  file,
  onDetached,
}: {
  taskKey: string;
  version: number;
  file: string;
  onDetached: () => void;
}) {
  const trpc = useTRPC();
  const canDefine = usePermission('editor');
  const detach = useMutation(trpc.tasks.detach.mutationOptions({ onSuccess: onDetached }));
  return (
    <div
      role="note"
      className="mx-auto mb-3 flex max-w-4xl flex-wrap items-center gap-3 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100"
    >
      <span>
        Managed in <code className="font-mono">{file}</code>: what it runs and when is read-only here; board fields stay editable.
      </span>
      <button
        type="button"
        className={`${buttonClass.secondary} ml-auto`}
        disabled={!canDefine || detach.isPending}
        title={canDefine ? 'Make it an ordinary task whose definition is edited here' : NEEDS_EDITOR}
        onClick={() => detach.mutate({ key: taskKey, expectedVersion: version })}
      >
        Detach from file
      </button>
      {detach.error && <span role="alert">{detach.error.message}</span>}
    </div>
  );
}
