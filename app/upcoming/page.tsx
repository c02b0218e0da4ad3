import type { Metadata } from 'next';
import { getQueryClient, trpc } from '@/components/trpc/server';
import { UpcomingView } from '@/components/upcoming/upcoming-view';
import { timelineFiltersFromParams } from '@/components/upcoming/search-params';
import type { SearchParamsProps } from '../search-params';
import { HydratedPage } from '../hydrated-page';

export const metadata: Metadata = { title: 'Upcoming runs' };
export const dynamic = 'force-dynamic';

export default async function UpcomingPage({ searchParams }: SearchParamsProps) {
  const filters = timelineFiltersFromParams(await searchParams);
  await getQueryClient().prefetchQuery(trpc.schedules.upcoming.queryOptions(filters));
  return (
    <HydratedPage title="Upcoming runs">
      <UpcomingView />
    </HydratedPage>
  );
}
