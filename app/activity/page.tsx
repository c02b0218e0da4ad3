import type { Metadata } from 'next';
import { ActivityList } from '@/components/activity/activity-list';
import { ACTIVITY_PAGE_SIZE, activityFiltersFromParams } from '@/components/activity/search-params';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';
import type { SearchParamsProps } from '../search-params';

export const metadata: Metadata = { title: 'Activity' };
export const dynamic = 'force-dynamic';

export default async function ActivityPage({ searchParams }: SearchParamsProps) {
  const filters = activityFiltersFromParams(await searchParams);
  await getQueryClient().prefetchInfiniteQuery(
    trpc.events.activity.infiniteQueryOptions({ ...filters, limit: ACTIVITY_PAGE_SIZE }, { getNextPageParam: (p) => p.nextCursor }),
  );
  return (
    <HydrateClient>
      <PageTitle title="Activity" />
      <ActivityList />
    </HydrateClient>
  );
}
