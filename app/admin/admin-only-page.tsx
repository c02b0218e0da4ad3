import type { ComponentType, ReactNode } from 'react';
import { AdminsOnly } from '@/components/admin/admins-only';
import { getQueryClient, trpc } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';
import { HydratedPage } from '../hydrated-page';

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
  return <HydratedPage title={title}>{children}</HydratedPage>;
}

/** An admin page's component: AdminOnlyPage around `Body`, headed `title`. */
export function adminPage(title: string, Body: ComponentType) {
  return function AdminPage() {
    return (
      <AdminOnlyPage title={title}>
        <Body />
      </AdminOnlyPage>
    );
  };
}
