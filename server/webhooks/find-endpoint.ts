import type { Db } from '../db';
import type { WriteTx } from '../db/write-transaction';
import { AppError } from '../errors';
import { ENDPOINT_VIEW_SELECT, toEndpointView, type WebhookEndpointView } from './schemas';

/** The one "no such endpoint" lookup: a 404 naming the id. */
export async function findEndpointOrThrow(db: Pick<Db, 'webhookEndpoint'> | WriteTx, id: string): Promise<WebhookEndpointView> {
  const row = await db.webhookEndpoint.findUnique({ where: { id }, select: ENDPOINT_VIEW_SELECT });
  if (!row) throw new AppError('NOT_FOUND', `No webhook endpoint with id '${id}' (cronboard webhook list shows them)`);
  return toEndpointView(row);
}
