import type { Metadata } from 'next';
import { RunsView } from '@/components/runs/runs-view';
import { RUNS_PAGE_SIZE, filtersFromParams } from '@/components/runs/search-params';
import { getQueryClient, trpc } from '@/components/trpc/server';
import type { SearchParamsProps } from '../search-params';
import { HydratedPage } from '../hydrated-page';

export const metadata: Metadata = { title: 'Runs' };
export const dynamic = 'force-dynamic';

export default async function RunsPage({ searchParams }: SearchParamsProps) {
  const filters = filtersFromParams(await searchParams);
  const { status: _status, ...rest } = filters;
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.runs.counts.queryOptions(rest)),
    queryClient.prefetchInfiniteQuery(
      trpc.runs.list.infiniteQueryOptions({ ...filters, limit: RUNS_PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }),
    ),
  ]);
  return (
    <HydratedPage title="Runs">
      <RunsView />
    </HydratedPage>
  );
}
