import type { Metadata } from 'next';
import { TaskEdit } from '@/components/tasks/task-edit';
import { taskKeyFromParam } from '@/components/tasks/params';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ key: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { key } = await params;
  return { title: `Edit ${taskKeyFromParam(key)}` };
}

export default async function EditTaskRoute({ params }: Params) {
  const key = taskKeyFromParam((await params).key);
  await getQueryClient().prefetchQuery(trpc.tasks.detail.queryOptions({ key }));
  return (
    <HydrateClient>
      <div className="mx-auto max-w-4xl">
        <PageTitle title="Edit task" />
      </div>
      <TaskEdit taskKey={key} />
    </HydrateClient>
  );
}
