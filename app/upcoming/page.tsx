import type { Metadata } from 'next';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';
import { UpcomingView } from '@/components/upcoming/upcoming-view';
import { timelineFiltersFromParams } from '@/components/upcoming/search-params';
import type { SearchParamsProps } from '../search-params';

export const metadata: Metadata = { title: 'Upcoming runs' };
export const dynamic = 'force-dynamic';

export default async function UpcomingPage({ searchParams }: SearchParamsProps) {
  const filters = timelineFiltersFromParams(await searchParams);
  await getQueryClient().prefetchQuery(trpc.schedules.upcoming.queryOptions(filters));
  return (
    <HydrateClient>
      <PageTitle title="Upcoming runs" />
      <UpcomingView />
    </HydrateClient>
  );
}
