import type { Metadata } from 'next';
import { WebhooksAdmin } from '@/components/webhooks/webhooks-admin';
import { AdminOnlyPage } from '../admin-only-page';

// Endpoints, their recent deliveries, Redeliver and Send test event (issue 13).
export const metadata: Metadata = { title: 'Webhooks' };
export const dynamic = 'force-dynamic';

export default function WebhooksAdminPage() {
  return <AdminOnlyPage title="Webhooks"><WebhooksAdmin /></AdminOnlyPage>;
}
