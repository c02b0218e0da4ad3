import type { Metadata } from 'next';
import { AdminsOnly } from '@/components/admin/admins-only';
import { TokensAdmin } from '@/components/admin/tokens-admin';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';
import { PageTitle } from '@/components/ui/data-table';

export const metadata: Metadata = { title: 'API tokens' };
export const dynamic = 'force-dynamic';

export default async function TokensAdminPage() {
  const queryClient = getQueryClient();
  const me = await queryClient.fetchQuery(trpc.session.me.queryOptions());
  if (me?.role !== 'admin') {
    return (
      <>
        <PageTitle title="API tokens" />
        <AdminsOnly />
      </>
    );
  }
  await Promise.all([queryClient.prefetchQuery(trpc.users.list.queryOptions()), queryClient.prefetchQuery(trpc.tokens.list.queryOptions())]);
  return (
    <HydrateClient>
      <PageTitle title="API tokens" />
      <TokensAdmin />
    </HydrateClient>
  );
}
