import type { ReactNode } from 'react';
import { AdminsOnly } from '@/components/admin/admins-only';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';

/**
 * The frame of the admin pages (Users, API tokens): below admin it says so
 * instead of rendering `children`; for an admin it prefetches the users and
 * tokens both pages show, then hands the cache to the client components.
 */
export async function AdminOnlyPage({ title, children }: { title: string; children: ReactNode }) {
  const queryClient = getQueryClient();
  const me = await queryClient.fetchQuery(trpc.session.me.queryOptions());
  if (me?.role !== 'admin') {
    return (
      <>
        <PageTitle title={title} />
        <AdminsOnly />
      </>
    );
  }
  await Promise.all([
    queryClient.prefetchQuery(trpc.users.list.queryOptions()),
    queryClient.prefetchQuery(trpc.tokens.list.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <PageTitle title={title} />
      {children}
    </HydrateClient>
  );
}
