import type { Metadata } from 'next';
import { TaskPage } from '@/components/tasks/task-page';
import { taskKeyFromParam } from '@/components/tasks/params';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ key: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { key } = await params;
  return { title: taskKeyFromParam(key) };
}

export default async function TaskRoute({ params }: Params) {
  const key = taskKeyFromParam((await params).key);
  await getQueryClient().prefetchQuery(trpc.tasks.detail.queryOptions({ key }));
  return (
    <HydrateClient>
      <TaskPage taskKey={key} />
    </HydrateClient>
  );
}
