import type { Db } from '../db';
import { ENDPOINT_VIEW_SELECT, toEndpointView, type WebhookEndpointView } from './schemas';

export interface EndpointListItem extends WebhookEndpointView {
  /** Deliveries waiting to be sent (pending, or being sent). */
  waiting: number;
  /** The latest delivery's status and time, if any. */
  lastDelivery: { status: string; at: Date; statusCode: number | null } | null;
}

/** Every endpoint, oldest first, with how its deliveries are doing. */
export async function listEndpoints(options: { db: Db }): Promise<EndpointListItem[]> {
  const { db } = options;
  const rows = await db.webhookEndpoint.findMany({ orderBy: { createdAt: 'asc' }, select: ENDPOINT_VIEW_SELECT });
  return Promise.all(
    rows.map(async (row) => {
      const [waiting, last] = await Promise.all([
        db.webhookDelivery.count({ where: { endpointId: row.id, status: { in: ['pending', 'delivering'] } } }),
        db.webhookDelivery.findFirst({ where: { endpointId: row.id }, orderBy: { id: 'desc' }, select: { status: true, createdAt: true, lastAttemptAt: true, lastStatusCode: true } }),
      ]);
      return {
        ...toEndpointView(row),
        waiting,
        lastDelivery: last ? { status: last.status, at: last.lastAttemptAt ?? last.createdAt, statusCode: last.lastStatusCode } : null,
      };
    }),
  );
}
