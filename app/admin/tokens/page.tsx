import type { Metadata } from 'next';
import { TokensAdmin } from '@/components/admin/tokens-admin';
import { AdminOnlyPage } from '../admin-only-page';

export const metadata: Metadata = { title: 'API tokens' };
export const dynamic = 'force-dynamic';

export default function TokensAdminPage() {
  return (
    <AdminOnlyPage title="API tokens">
      <TokensAdmin />
    </AdminOnlyPage>
  );
}
