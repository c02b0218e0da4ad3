import type { Metadata } from 'next';
import { ActivityList } from '@/components/activity/activity-list';
import { ACTIVITY_PAGE_SIZE, activityFiltersFromParams } from '@/components/activity/search-params';
import { getQueryClient, trpc } from '@/components/trpc/server';
import type { SearchParamsProps } from '../search-params';
import { HydratedPage } from '../hydrated-page';

export const metadata: Metadata = { title: 'Activity' };
export const dynamic = 'force-dynamic';

export default async function ActivityPage({ searchParams }: SearchParamsProps) {
  const filters = activityFiltersFromParams(await searchParams);
  await getQueryClient().prefetchInfiniteQuery(
    trpc.events.activity.infiniteQueryOptions({ ...filters, limit: ACTIVITY_PAGE_SIZE }, { getNextPageParam: (p) => p.nextCursor }),
  );
  return (
    <HydratedPage title="Activity">
      <ActivityList />
    </HydratedPage>
  );
}
