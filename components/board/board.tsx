'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { STATUS_TITLES, TASK_STATUSES } from '@/server/tasks/constants';
import { BoardColumn } from './board-column';

/** The five columns with their cards in stored order. Refreshes every few seconds so worker moves show up. */
export function Board() {
  const trpc = useTRPC();
  const tasks = useQuery({ ...trpc.tasks.list.queryOptions(), refetchInterval: 3_000 });

  if (tasks.isError) {
    return (
      <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
        The board could not be loaded: {tasks.error.message}
      </div>
    );
  }

  return (
    <div className="relative grid auto-cols-[minmax(220px,1fr)] grid-flow-col gap-3 overflow-x-auto pb-4">
      {TASK_STATUSES.map((status) => (
        <BoardColumn
          key={status}
          status={status}
          title={STATUS_TITLES[status]}
          tasks={tasks.data?.filter((t) => t.status === status)}
        />
      ))}
    </div>
  );
}
