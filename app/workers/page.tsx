import type { Metadata } from 'next';
import { WorkersTable } from '@/components/workers/workers-table';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';

export const metadata: Metadata = { title: 'Workers' };
export const dynamic = 'force-dynamic';

export default async function WorkersPage() {
  await getQueryClient().prefetchQuery(trpc.workers.list.queryOptions());
  return (
    <HydrateClient>
      <PageTitle title="Workers" />
      <WorkersTable />
    </HydrateClient>
  );
}
