import type { Metadata } from 'next';
import { WorkersTable } from '@/components/workers/workers-table';
import { getQueryClient, trpc } from '@/components/trpc/server';
import { HydratedPage } from '../hydrated-page';

export const metadata: Metadata = { title: 'Workers' };
export const dynamic = 'force-dynamic';

export default async function WorkersPage() {
  await getQueryClient().prefetchQuery(trpc.workers.list.queryOptions());
  return (
    <HydratedPage title="Workers">
      <WorkersTable />
    </HydratedPage>
  );
}
