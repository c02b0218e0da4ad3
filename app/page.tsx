import { Suspense } from 'react';
import { Board } from '@/components/board/board';
import { isFiltered, parseFilters } from '@/components/board/filters';
import { firstCardsInput } from '@/components/board/first-cards';
import { JobsSyncBanner } from '@/components/jobs/jobs-sync-banner';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';

export const dynamic = 'force-dynamic';

/**
 * The board. Its server render reads and embeds each column's first cards only (what the board
 * renders at first: ~60 of 1,000, so the HTML is small and quick to make); the browser then fetches
 * the whole board. With filters or swimlanes in the URL it embeds the whole board (they pick
 * and group from every card).
 */
export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams)) if (typeof value === 'string') params.set(name, value);
  const filters = parseFilters(params);
  const whole = isFiltered(filters) || filters.lanes !== 'none';
  await getQueryClient().prefetchQuery(whole ? trpc.board.get.queryOptions() : trpc.board.get.queryOptions(firstCardsInput));
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
