import type { Metadata } from 'next';
import { AlertsPage } from '@/components/alerts/alerts-page';
import { getQueryClient, trpc } from '@/components/trpc/server';
import { HydratedPage } from '../hydrated-page';

// Open incidents (Acknowledge), their history and, for admins, the rules (issue 13).
export const metadata: Metadata = { title: 'Alerts' };
export const dynamic = 'force-dynamic';

export default async function AlertsRoute() {
  const queryClient = getQueryClient();
  const me = await queryClient.fetchQuery(trpc.session.me.queryOptions());
  await queryClient.prefetchQuery(trpc.alerts.incidents.queryOptions({ limit: 200 }));
  return (
    <HydratedPage title="Alerts">
      <AlertsPage role={me?.role ?? null} />
    </HydratedPage>
  );
}
