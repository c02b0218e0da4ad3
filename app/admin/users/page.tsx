import type { Metadata } from 'next';
import { AdminsOnly } from '@/components/admin/admins-only';
import { UsersAdmin } from '@/components/admin/users-admin';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

export default async function UsersAdminPage() {
  const queryClient = getQueryClient();
  const me = await queryClient.fetchQuery(trpc.session.me.queryOptions());
  if (me?.role !== 'admin') {
    return (
      <>
        <PageTitle title="Users" />
        <AdminsOnly />
      </>
    );
  }
  await Promise.all([queryClient.prefetchQuery(trpc.users.list.queryOptions()), queryClient.prefetchQuery(trpc.tokens.list.queryOptions())]);
  return (
    <HydrateClient>
      <PageTitle title="Users" />
      <UsersAdmin />
    </HydrateClient>
  );
}
