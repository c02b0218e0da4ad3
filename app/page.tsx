import { Suspense } from 'react';
import { Board } from '@/components/board/board';
import { JobsSyncBanner } from '@/components/jobs/jobs-sync-banner';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';

export const dynamic = 'force-dynamic';

export default async function BoardPage() {
  await getQueryClient().prefetchQuery(trpc.board.get.queryOptions());
  return (
    <HydrateClient>
      <h1 className="sr-only">Board</h1>
      <JobsSyncBanner />
      <Suspense>
        <Board />
      </Suspense>
    </HydrateClient>
  );
}
