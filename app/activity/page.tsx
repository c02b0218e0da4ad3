import type { Metadata } from 'next';
import { ActivityList } from '@/components/activity/activity-list';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';

export const metadata: Metadata = { title: 'Activity' };
export const dynamic = 'force-dynamic';

export default async function ActivityPage() {
  await getQueryClient().prefetchQuery(trpc.events.list.queryOptions({ limit: 100 }));
  return (
    <HydrateClient>
      <PageTitle title="Activity" />
      <ActivityList />
    </HydrateClient>
  );
}
