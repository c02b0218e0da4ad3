import type { ReactNode } from 'react';
import { HydrateClient } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';

/**
 * The frame of a page whose server part prefetches queries: its heading, then
 * the client view, with the prefetched cache handed over (HydrateClient).
 */
export function HydratedPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <HydrateClient>
      <PageTitle title={title} />
      {children}
    </HydrateClient>
  );
}
