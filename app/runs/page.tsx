import type { Metadata } from 'next';
import { RunsTable } from '@/components/runs/runs-table';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';

export const metadata: Metadata = { title: 'Runs' };
export const dynamic = 'force-dynamic';

export default async function RunsPage() {
  await getQueryClient().prefetchQuery(trpc.runs.list.queryOptions({ limit: 100 }));
  return (
    <HydrateClient>
      <PageTitle title="Runs" />
      <RunsTable />
    </HydrateClient>
  );
}
